import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as contactById from "@/app/api/v1/contacts/[id]/route";
import * as byPhone from "@/app/api/v1/contacts/by-phone/route";
import * as conversations from "@/app/api/v1/conversations/route";
import { getConversation as apiConversation } from "@/server/api/conversations";
import { getContact } from "@/server/contacts/queries";
import { asService, asUser } from "@/server/db/client";
import { getConversation } from "@/server/inbox/queries";
import { stopQueue } from "@/server/jobs/queue";
import { kapsoMessageReceived } from "../../scripts/webhooks/payloads";
import { apiRequest, createKey, params, read } from "../support/api";
import { createTeam } from "../support/fixtures";
import { createChannel, deliverAndProcess, type TestChannel } from "../support/webhooks";

let team: Awaited<ReturnType<typeof createTeam>>;
let channel: TestChannel;
let key: string;

const FIRST = "0b6f3e0c-1d2a-4c55-9a77-3f1e2d4c5b01";
const LATER = "7c1a9e44-5b3d-4f21-8e60-2a9d8c7b6f02";
const INBOX = "https://app.kapso.ai?conversation_id=";

beforeAll(async () => {
  team = await createTeam();
  channel = await createChannel({ provider: "kapso", workspaceId: team.workspaceId });
  ({ key } = await createKey(team, "read"));
});

afterAll(() => stopQueue());

const customerWritesInKapso = (conversationId: string, text: string) =>
  deliverAndProcess(channel, "kapso", kapsoMessageReceived(channel, { from: "6281377001122", name: "Rina", text, conversationId }), {
    kapsoEvent: "whatsapp.message.received",
  });

describe("the Kapso conversation link", () => {
  it("keeps the first Kapso conversation on the contact and the latest on the conversation, and both APIs and pages return them", async () => {
    await customerWritesInKapso(FIRST, "Halo");
    await customerWritesInKapso(LATER, "Halo lagi");

    const [row] = await asService(
      (tx) => tx<{ contact_id: string; conversation_id: string; on_contact: string; on_conversation: string }[]>`
        select k.id as contact_id, c.id as conversation_id, k.provider_conversation_id as on_contact,
               c.provider_conversation_id as on_conversation
        from public.contacts k join public.conversations c on c.contact_id = k.id
        where k.workspace_id = ${team.workspaceId} and k.phone_e164 = '+6281377001122'`,
    );
    expect(row).toMatchObject({ on_contact: FIRST, on_conversation: LATER });
    if (!row) return;

    const contact = await read(contactById.GET(apiRequest("GET", `/contacts/${row.contact_id}`, { key }), params({ id: row.contact_id })));
    expect(contact.body).toMatchObject({ kapso_conversation_id: FIRST, kapso_conversation_url: `${INBOX}${FIRST}` });
    const found = await read(byPhone.GET(apiRequest("GET", "/contacts/by-phone?phone=081377001122", { key })));
    expect(found.body).toMatchObject({ kapso_conversation_id: FIRST });

    // The serializer outbound webhooks' conversation payloads use.
    const conversation = await asService((tx) => apiConversation(tx, team.workspaceId, row.conversation_id));
    expect(conversation).toMatchObject({ kapso_conversation_id: LATER, kapso_conversation_url: `${INBOX}${LATER}` });
    const list = await read<{ data: { id: string; kapso_conversation_id: string | null }[] }>(
      conversations.GET(apiRequest("GET", "/conversations", { key })),
    );
    expect(list.body.data.find((c) => c.id === row.conversation_id)?.kapso_conversation_id).toBe(LATER);

    // The contact page and the inbox's contact panel link into Kapso's inbox; agents see it too.
    const page = await asUser(team.agent.claims, (tx) => getContact(tx, team.workspaceId, row.contact_id));
    expect(page.kapso_conversation_url).toBe(`${INBOX}${FIRST}`);
    const thread = await asUser(team.agent.claims, (tx) => getConversation(tx, team.workspaceId, row.conversation_id));
    expect(thread.kapso_conversation_url).toBe(`${INBOX}${LATER}`);
  });

  it("builds no link from an id that is not Kapso's shape", async () => {
    await asService(
      (tx) => tx`update public.contacts set provider_conversation_id = 'x" onmouseover="alert(1)'
                 where workspace_id = ${team.workspaceId} and phone_e164 = '+6281377001122'`,
    );
    const found = await read(byPhone.GET(apiRequest("GET", "/contacts/by-phone?phone=081377001122", { key })));
    expect(found.body).toMatchObject({ kapso_conversation_id: 'x" onmouseover="alert(1)', kapso_conversation_url: null });
  });

  it("is null for contacts and conversations that never came through Kapso", async () => {
    const [other] = await asService(
      (tx) => tx<{ id: string }[]>`
        insert into public.contacts (workspace_id, phone_e164, wa_id) values (${team.workspaceId}, '+6281377009999', '6281377009999')
        returning id`,
    );
    const contact = await read(contactById.GET(apiRequest("GET", `/contacts/${other?.id}`, { key }), params({ id: other?.id ?? "" })));
    expect(contact.body).toMatchObject({ kapso_conversation_id: null, kapso_conversation_url: null });
  });
});
