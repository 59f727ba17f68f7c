import { type ApiKeyScope, createApiKey } from "@/server/api/keys";
import { asUser } from "@/server/db/client";
import type { createTeam } from "./fixtures";
import { unique } from "./fixtures";

type Team = Awaited<ReturnType<typeof createTeam>>;

/** A key created the way an admin does in Settings → API; the full key, as shown once. */
export async function createKey(team: Team, scope: ApiKeyScope) {
  const { key, apiKey } = await asUser(team.admin.claims, (tx) =>
    createApiKey(tx, { workspaceId: team.workspaceId, userId: team.admin.id }, { name: unique("key"), scope }),
  );
  return { key, id: apiKey.id };
}

/** A Request as a client sends it to /api/v1 (the route handlers take it as Next does). */
export function apiRequest(
  method: string,
  path: string,
  options: { key?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Request {
  const headers = new Headers(options.headers);
  if (options.key) headers.set("authorization", `Bearer ${options.key}`);
  if (options.body !== undefined) headers.set("content-type", "application/json");
  return new Request(`http://localhost/api/v1${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

export const params = <T extends Record<string, string>>(value: T) => ({ params: Promise.resolve(value) });

/** The status and JSON body of a handler's answer. */
export async function read<T = Record<string, unknown>>(response: Response | Promise<Response>) {
  const answer = await response;
  return { status: answer.status, headers: answer.headers, body: (await answer.json()) as T };
}
