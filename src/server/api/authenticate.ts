import "server-only";
import type { CountryCode } from "@/lib/phone";
import type { ApiKeyClaims } from "@/server/db/claims";
import { asService } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { ApiError, apiRefusal } from "./errors";
import { type ApiKeyScope, hashApiKey } from "./keys";

export interface ApiKeyContext {
  keyId: string;
  workspaceId: string;
  scope: ApiKeyScope;
  /** The workspace's country, for phone numbers written without a country code. */
  country: CountryCode;
  claims: ApiKeyClaims;
}

const KEY = /^(cv_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43})$/;
const BEARER = /^Bearer\s+(\S+)\s*$/;

/** The key from `Authorization: Bearer cv_…` or, as CRMs built on Kapso/360dialog send it, `x-api-key: cv_…`. */
function presentedKey(headers: Headers): string | undefined {
  const bearer = headers.get("authorization")?.match(BEARER)?.[1];
  return (bearer ?? headers.get("x-api-key")?.trim())?.match(KEY)?.[1];
}

/**
 * Finds the key by its hash and counts the request against its per-minute
 * limit in one UPDATE on the key's row: revoked and unknown keys match no
 * row, and every app instance shares the counter. `last_used_at` comes along.
 */
export async function authenticateApiKey(headers: Headers): Promise<ApiKeyContext> {
  const key = presentedKey(headers);
  if (!key) {
    throw apiRefusal("unauthenticated", "Send a workspace API key as `Authorization: Bearer cv_…` or `x-api-key: cv_…`.");
  }
  const [row] = await asService(
    (tx) => tx<
      (With<Pick<Row<"api_keys">, "id" | "workspace_id">, { scope: ApiKeyScope }> &
        With<Pick<Row<"workspaces">, "default_country">, { default_country: CountryCode }> & {
          over_limit: boolean;
          retry_after: number;
        })[]
    >`
      update public.api_keys k set
        last_used_at = now(),
        rate_window_start = case when k.rate_window_start > now() - interval '1 minute' then k.rate_window_start else now() end,
        rate_window_count = case when k.rate_window_start > now() - interval '1 minute' then k.rate_window_count + 1 else 1 end
      from public.workspaces w
      where k.key_hash = ${hashApiKey(key)} and k.revoked_at is null and w.id = k.workspace_id
      returning k.id, k.workspace_id, k.scope, w.default_country,
                k.rate_window_count > k.rate_limit_per_minute as over_limit,
                greatest(1, ceil(extract(epoch from k.rate_window_start + interval '1 minute' - now())))::int as retry_after`,
  );
  if (!row) throw apiRefusal("unauthenticated", "This API key is not valid or has been revoked.");
  if (row.over_limit) {
    throw new ApiError("rate_limited", "Too many requests with this API key. Try again after the time in Retry-After.", {
      retry_after: row.retry_after,
    });
  }
  return {
    keyId: row.id,
    workspaceId: row.workspace_id,
    scope: row.scope,
    country: row.default_country,
    claims: {
      sub: row.id,
      role: "authenticated",
      aud: "authenticated",
      api_key: true,
      workspace_id: row.workspace_id,
      scope: row.scope,
    },
  };
}
