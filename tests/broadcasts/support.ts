import type { ParameterMapping } from "@/lib/broadcasts";
import { createBroadcast, type NewBroadcast } from "@/server/broadcasts/commands";
import { asService, asUser } from "@/server/db/client";
import type { TestUser } from "../support/fixtures";
import { unique } from "../support/fixtures";

/** An Indonesian mobile number, random so that test files sharing the database do not collide. */
export const randomPhone = () => `+62812${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;

/** An approved template of the channel's WhatsApp account: "Hi {{1}}, your code is {{2}}." (after `header`, when given). */
export async function approvedTemplate(
  workspaceId: string,
  wabaId: string,
  options: { status?: string; header?: Record<string, unknown> } = {},
) {
  const [row] = await asService(
    (tx) => tx<{ id: string; name: string }[]>`
      insert into public.whatsapp_templates (workspace_id, waba_id, provider_template_id, name, language, category, status, components)
      values (${workspaceId}, ${wabaId}, ${unique("tpl")}, ${unique("promo").replace("-", "_")}, 'en_US', 'MARKETING',
              ${options.status ?? "APPROVED"},
              ${tx.json([
                ...(options.header ? [{ type: "HEADER", ...options.header }] : []),
                { type: "BODY", text: "Hi {{1}}, your code is {{2}}." },
                { type: "FOOTER", text: "Reply STOP to opt out" },
              ])})
      returning id, name`,
  );
  if (!row) throw new Error("no template");
  return row;
}

export const MAPPING: ParameterMapping = {
  "body.1": { source: "contact", field: "first_name", fallback: "there" },
  "body.2": { source: "custom", key: "code", fallback: "WELCOME" },
};

export interface ContactSpec {
  name?: string | null;
  phone?: string | null;
  tags?: string[];
  status?: string;
  custom?: Record<string, string>;
  optedOut?: boolean;
}

/** Contacts inserted as the app would store them (service role). */
export async function insertContacts(workspaceId: string, specs: ContactSpec[]) {
  return asService(async (tx) => {
    const rows = await tx<{ id: string; phone_e164: string | null }[]>`
      insert into public.contacts ${tx(
        specs.map((s) => {
          const phone = s.phone === undefined ? randomPhone() : s.phone;
          return {
            workspace_id: workspaceId,
            phone_e164: phone,
            wa_id: phone?.slice(1) ?? null,
            business_user_id: phone ? null : unique("bsuid"),
            name: s.name ?? null,
            tags: tx.array(s.tags ?? []),
            lead_status: s.status ?? "new",
            custom_attributes: tx.json(s.custom ?? {}),
            opted_out_at: s.optedOut ? new Date() : null,
          };
        }),
      )}
      returning id, phone_e164`;
    return rows;
  });
}

export function create(user: TestUser, workspaceId: string, input: Omit<NewBroadcast, "parameters" | "name"> & Partial<NewBroadcast>) {
  return asUser(user.claims, (tx) =>
    createBroadcast(tx, { workspaceId, userId: user.id }, { name: unique("Broadcast"), parameters: MAPPING, ...input }),
  );
}

export interface RecipientRow {
  id: string;
  contact_id: string | null;
  phone: string | null;
  state: string;
  skip_reason: string | null;
  failure_code: string | null;
  failure_reason: string | null;
  message_id: string | null;
  conversation_id: string | null;
  parameters: Record<string, string>;
}

export function recipients(broadcastId: string) {
  return asService(
    (tx) => tx<RecipientRow[]>`
      select id, contact_id, phone, state, skip_reason, failure_code, failure_reason, message_id, conversation_id, parameters
      from public.broadcast_recipients where broadcast_id = ${broadcastId} order by phone`,
  );
}

export function broadcastMessages(broadcastId: string) {
  return asService(
    (tx) => tx<{ id: string; idempotency_key: string; body: string; content: Record<string, unknown>; status: string }[]>`
      select m.id, m.idempotency_key, m.body, m.content, m.status from public.messages m
      join public.broadcast_recipients r on r.workspace_id = m.workspace_id and m.idempotency_key = 'broadcast:' || r.id::text
      where r.broadcast_id = ${broadcastId}`,
  );
}
