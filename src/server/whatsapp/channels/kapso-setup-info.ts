import "server-only";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";

export type OpenKapsoSetup = Pick<Row<"kapso_setup_links">, "url" | "expires_at" | "kapso_customer_id">;

/**
 * The workspace's newest setup link while it is still usable (unused, not
 * expired; Kapso revokes the earlier ones when a new one is made), so the
 * numbers page can say until when it works, under which Kapso customer,
 * and let an admin who closed Kapso's tab go back to it. Admins only (RLS).
 */
export async function openKapsoSetup(tx: Tx, workspaceId: string): Promise<OpenKapsoSetup | null> {
  const [link] = await tx<(OpenKapsoSetup & Pick<Row<"kapso_setup_links">, "used_at">)[]>`
    select url, expires_at, kapso_customer_id, used_at from public.kapso_setup_links
    where workspace_id = ${workspaceId}
    order by created_at desc, id desc
    limit 1`;
  if (!link || link.used_at || (link.expires_at && link.expires_at <= new Date())) return null;
  return { url: link.url, expires_at: link.expires_at, kapso_customer_id: link.kapso_customer_id };
}
