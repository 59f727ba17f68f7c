import "server-only";
import type { Tx } from "@/server/db/client";

export interface ContactListItem {
  id: string;
  name: string | null;
  phone_e164: string | null;
  email: string | null;
  lead_status: string;
  lead_score: number;
  tags: string[];
  source: string;
  last_activity_at: Date;
}

/** Contacts by latest activity, optionally matching a name/phone/email search (pg_trgm indexes). */
export function listContacts(tx: Tx, workspaceId: string, options: { search?: string; limit: number }) {
  const pattern = options.search ? `%${options.search.replace(/[\\%_]/g, "\\$&")}%` : null;
  return tx<ContactListItem[]>`
    select id, coalesce(name, profile_name, username) as name, phone_e164, email, lead_status, lead_score,
           tags, source, last_activity_at
    from public.contacts
    where workspace_id = ${workspaceId}
      and (${pattern}::text is null
           or coalesce(name, profile_name, '') ilike ${pattern}
           or coalesce(phone_e164, '') ilike ${pattern}
           or email ilike ${pattern})
    order by last_activity_at desc, id desc
    limit ${options.limit}`;
}
