/**
 * The inbox as the browser calls it, for the benchmarks that load it over
 * HTTP (bench:inbox, bench:prod): the ids of its Server Actions in the
 * production build, an agent's session cookie minted with the app's own
 * code, the conversations worth asking for, and the requests themselves.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type postgres from "postgres";
import { repoRoot } from "../scripts/database/prepare";
import { TEAM } from "./inbox-seed";

const ACTIONS_FILE = "src/app/actions/inbox.ts";
/** WORKSPACE_COOKIE of src/server/workspaces/context.ts (which imports next/headers, so not loadable here). */
const WORKSPACE_COOKIE = "conversa_workspace";
const ACTIONS = ["getConversations", "getMessages", "markAsRead", "sendMessage"] as const;
export type ActionName = (typeof ACTIONS)[number];
const DEEP_OFFSET = 5_000;

// ---------------------------------------------------------------------------

export interface ActionRoute {
  id: string;
  /**
   * A page whose bundle has the action: Server Actions are POSTed to a page
   * path. May hold one dynamic segment ("/inbox/[conversationId]"), filled in
   * per request with the conversation the action is about, as the browser
   * would be on that conversation's page.
   */
  path: string;
}

/** "app/(app)/inbox/[conversationId]/page" → "/inbox/[conversationId]"; null for catch-all and parallel routes. */
function pagePath(worker: string): string | null {
  const segments = worker
    .replace(/^app\//, "")
    .replace(/\/?page$/, "")
    .split("/")
    .filter(Boolean);
  if (segments.some((s) => s.startsWith("[...") || s.startsWith("[[") || s.startsWith("@"))) return null;
  if (segments.filter((s) => s.startsWith("[")).length > 1) return null;
  return `/${segments.filter((s) => !s.startsWith("(")).join("/")}`;
}

export function readActionRoutes(): Partial<Record<ActionName, ActionRoute>> {
  const file = path.join(repoRoot, ".next/server/server-reference-manifest.json");
  if (!existsSync(file)) return {};
  const manifest = JSON.parse(readFileSync(file, "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
  };
  const routes: Partial<Record<ActionName, ActionRoute>> = {};
  for (const [id, entry] of Object.entries(manifest.node)) {
    const name = entry.exportedName as ActionName;
    if (entry.filename !== ACTIONS_FILE || !ACTIONS.includes(name)) continue;
    const paths = Object.keys(entry.workers).flatMap((w) => pagePath(w) ?? []);
    const chosen =
      paths.find((p) => p === "/inbox") ??
      paths.find((p) => p === "/inbox/[conversationId]") ??
      paths.find((p) => !p.includes("[")) ??
      paths[0];
    if (chosen) routes[name] = { id, path: chosen };
  }
  return routes;
}

export function missingActions(): string | null {
  const routes = readActionRoutes();
  const missing = ACTIONS.filter((name) => !routes[name]);
  return missing.length ? `Server Actions ${missing.join(", ")} of ${ACTIONS_FILE} are not in the build` : null;
}

// ---------------------------------------------------------------------------
// What to ask for, and as whom
// ---------------------------------------------------------------------------

export interface Inputs {
  recent: string[];
  busiest: string;
  deepCursor: { lastMessageAt: string; seq: string };
  deepOffset: number;
  unread: string[];
  windowOpen: string[];
  phoneSearch: string;
  phoneE164: string;
}

export async function pickInputs(sql: postgres.Sql, ws: string): Promise<Inputs> {
  const recent = await sql<{ id: string }[]>`
    select id from public.conversations
    where workspace_id = ${ws} and status = 'open' and last_message_at is not null
    order by last_message_at desc, id desc limit 1000`;
  const [active] = await sql<{ n: number }[]>`
    select count(*)::int as n from public.conversations where workspace_id = ${ws} and status = 'open' and last_message_at is not null`;
  // Smaller workspaces (a quick try) go half way down instead.
  const deepOffset = Math.max(1, Math.min(DEEP_OFFSET, Math.floor((active?.n ?? 0) / 2)));
  const [deep] = await sql<{ last_message_at: Date; seq: string }[]>`
    select last_message_at, last_message_seq::text as seq from public.conversations
    where workspace_id = ${ws} and status = 'open' and last_message_at is not null
    order by last_message_at desc, last_message_seq desc offset ${deepOffset - 1} limit 1`;
  const [busiest] = await sql<{ conversation_id: string }[]>`
    select conversation_id from public.messages where workspace_id = ${ws}
    group by conversation_id order by count(*) desc limit 1`;
  const unread = await sql<{ id: string }[]>`
    select id from public.conversations
    where workspace_id = ${ws} and status = 'open' and unread_count > 0
    order by last_message_at desc, id desc`;
  // An hour of margin on the 24-hour window, so none closes during the run.
  const windowOpen = await sql<{ id: string }[]>`
    select id from public.conversations
    where workspace_id = ${ws} and last_customer_message_at > now() - interval '23 hours'
    order by last_customer_message_at desc`;
  const [phone] = await sql<{ phone_e164: string }[]>`
    select phone_e164 from public.contacts where workspace_id = ${ws} and phone_e164 like '+6281%'
    order by id offset 777 limit 1`;
  if (!deep || !busiest || !phone || unread.length < 2 || windowOpen.length < 2) {
    throw new Error("the seeded workspace is too small for the benchmark's inputs");
  }
  // As an agent types it: the Indonesian local form, 0812…, which the search canonicalises to +62812….
  const { canonicalizePhone } = await import("@/lib/phone");
  const local = `0${phone.phone_e164.slice(3)}`;
  return {
    recent: recent.map((r) => r.id),
    busiest: busiest.conversation_id,
    deepCursor: { lastMessageAt: deep.last_message_at.toISOString(), seq: deep.seq },
    deepOffset,
    unread: unread.map((r) => r.id),
    windowOpen: windowOpen.map((r) => r.id),
    phoneSearch: canonicalizePhone(local, "ID") === phone.phone_e164 ? local : phone.phone_e164.slice(1),
    phoneE164: phone.phone_e164,
  };
}

/** Signed in as the seeded member with `email` in `workspaceId`: the app's own session code mints the cookie. */
export async function signInAs(sql: postgres.Sql, workspaceId: string, email: string) {
  const { verifySessionToken, SESSION_COOKIE } = await import("@/server/auth/session");
  const { startSession } = await import("@/server/auth/sessions");
  const [user] = await sql<{ id: string; email: string }[]>`select id, email from auth.users where email = ${email}`;
  if (!user) throw new Error(`no user ${email}`);
  // A recorded session, as sign-in makes: the server refuses a token without one.
  const token = await sql.begin((tx) => startSession(tx, user));
  const claims = await verifySessionToken(token);
  if (!claims) throw new Error("could not mint a session");
  return { user, claims, cookie: `${SESSION_COOKIE}=${token}; ${WORKSPACE_COOKIE}=${workspaceId}` };
}

/** Signed in as Ana (agent) in `workspaceId`. */
export async function signInAgent(sql: postgres.Sql, workspaceId: string) {
  const { user: agent, claims, cookie } = await signInAs(sql, workspaceId, TEAM.agents[0]);
  return { agent, claims, cookie };
}

/** A page (GET `path`) or a Server Action call, about conversation `param` when it names one. */
export interface InboxCall {
  method: "GET" | "POST";
  path: string;
  body?: string;
  action?: ActionName;
  param?: string;
}

/** A Server Action call with its one argument, as the browser posts it. */
export function actionCall(action: ActionName, argument: { conversationId?: string; [key: string]: unknown }): InboxCall {
  return { method: "POST", path: "", action, param: argument.conversationId, body: JSON.stringify([argument]) };
}

/**
 * The HTTP request the browser makes for `call` on `origin`: a page with
 * the session cookie, or the action posted to a page that has it (the
 * conversation's page when it is about one, else `fallbackConversationId`'s).
 */
export function inboxRequest(
  call: InboxCall,
  session: { routes: Partial<Record<ActionName, ActionRoute>>; origin: string; cookie: string; fallbackConversationId: string },
) {
  const { routes, origin, cookie } = session;
  const headers: Record<string, string> = call.action
    ? {
        cookie,
        origin,
        "next-action": routes[call.action]?.id ?? "",
        "content-type": "text/plain;charset=UTF-8",
        accept: "text/x-component",
      }
    : { cookie, accept: "text/html" };
  return {
    method: call.method,
    path: call.action
      ? (routes[call.action]?.path ?? "/inbox").replace(/\[[^\]]+\]/, call.param ?? session.fallbackConversationId)
      : call.path,
    headers,
    body: call.body,
  };
}
