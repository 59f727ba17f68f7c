import type { ContactActor } from "@/server/contacts/commands";
import { asService } from "@/server/db/client";
import type { TestUser } from "../support/fixtures";

export const actorIn = (workspaceId: string, user: TestUser): ContactActor => ({ workspaceId, userId: user.id, country: "ID" });

/** A random Indonesian mobile, as digits without "+" (a WhatsApp wa_id). */
export const indonesianMobile = () => `62812${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;

export async function contactRow(id: string) {
  const [row] = await asService(
    (tx) => tx<
      {
        id: string;
        name: string | null;
        phone_e164: string | null;
        email: string | null;
        lead_status: string;
        tags: string[];
        owner_id: string | null;
        custom_attributes: Record<string, unknown>;
        notes: string | null;
        source: string;
      }[]
    >`select id, name, phone_e164, email, lead_status, tags, owner_id, custom_attributes, notes, source
      from public.contacts where id = ${id}`,
  );
  return row ?? null;
}

export async function eventsOf(contactId: string) {
  return asService(
    (tx) => tx<{ kind: string; actor_id: string | null; data: Record<string, unknown> }[]>`
      select kind, actor_id, data from public.contact_events where contact_id = ${contactId} order by id`,
  );
}

export { expectAppError } from "../support/app-error";
