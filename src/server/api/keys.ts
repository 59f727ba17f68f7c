import "server-only";
import { createHash, randomBytes, randomInt } from "node:crypto";
import { recordAudit } from "@/server/audit/record";
import type { Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/workspaces/actor";

export const API_KEY_SCOPES = ["read", "write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** SHA-256 of the whole key: what the database keeps and looks keys up by. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/**
 * A new key: `cv_` and 8 visible characters (the prefix shown in the list),
 * then 256 random bits. Only its hash is stored.
 */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = `cv_${Array.from({ length: 8 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join("")}`;
  const key = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export type ApiKeyRow = With<
  Pick<Row<"api_keys">, "id" | "name" | "prefix" | "created_by" | "created_at" | "last_used_at" | "revoked_at">,
  { scope: ApiKeyScope }
>;

/** Creates a key as an admin (RLS refuses anyone else); the full key is returned this once. */
export async function createApiKey(
  tx: Tx,
  actor: Actor,
  input: { name: string; scope: ApiKeyScope },
): Promise<{ key: string; apiKey: ApiKeyRow }> {
  const generated = generateApiKey();
  const [apiKey] = await tx<ApiKeyRow[]>`
    insert into public.api_keys ${tx({
      workspace_id: actor.workspaceId,
      name: input.name.trim(),
      prefix: generated.prefix,
      key_hash: generated.hash,
      scope: input.scope,
      created_by: actor.userId,
    })}
    returning id, name, prefix, scope, created_by, created_at, last_used_at, revoked_at`;
  if (!apiKey) throw new AppError("forbidden", "errors.apiKeys.onlyAdmins");
  await recordAudit(tx, {
    workspaceId: actor.workspaceId,
    action: "api_key.created",
    target: { type: "api_key", id: apiKey.id, label: `${apiKey.name} (${apiKey.prefix})` },
    details: { scope: apiKey.scope },
  });
  return { key: generated.key, apiKey };
}

/** The workspace's keys, newest first (admins only: others get none through RLS). */
export function listApiKeys(tx: Tx, workspaceId: string) {
  return tx<ApiKeyRow[]>`
    select id, name, prefix, scope, created_by, created_at, last_used_at, revoked_at
    from public.api_keys where workspace_id = ${workspaceId}
    order by revoked_at is not null, created_at desc`;
}

/** Revokes at once: the next request with the key is refused, and so is any query still running with it. */
export async function revokeApiKey(tx: Tx, actor: Actor, keyId: string) {
  const [revoked] = await tx<Pick<ApiKeyRow, "name" | "prefix" | "scope">[]>`
    update public.api_keys set revoked_at = now(), revoked_by = ${actor.userId}
    where workspace_id = ${actor.workspaceId} and id = ${keyId} and revoked_at is null
    returning name, prefix, scope`;
  if (!revoked) throw new AppError("not_found", "errors.apiKeys.notFound");
  await recordAudit(tx, {
    workspaceId: actor.workspaceId,
    action: "api_key.revoked",
    target: { type: "api_key", id: keyId, label: `${revoked.name} (${revoked.prefix})` },
    details: { scope: revoked.scope },
  });
}
