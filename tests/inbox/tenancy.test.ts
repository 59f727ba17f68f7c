import { beforeAll, describe, expect, it } from "vitest";
import { INBOX_PRESETS } from "@/lib/conversation-filter";
import { updateContact } from "@/server/contacts/commands";
import { asService, asUser, type Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import {
  addNote,
  assignConversation,
  linkContactToConversation,
  markAsRead,
  retryMessage,
  sendMedia,
  sendTemplate,
  sendText,
} from "@/server/inbox/commands";
import { sendMessageJob } from "@/server/inbox/jobs";
import { getConversation, listApprovedTemplates, listConversations, listMessages } from "@/server/inbox/queries";
import { setConversationStatus } from "@/server/inbox/status";
import type { Actor } from "@/server/workspaces/actor";
import { connectChannel, jobsFor, useFakeProvider } from "../support/fake-provider";
import { createTeam, type TestUser, unique } from "../support/fixtures";
import { type CustomerMessage, createChannel, customerWrites, type TestChannel } from "../support/webhooks";

type Team = Awaited<ReturnType<typeof createTeam>>;

const fake = useFakeProvider();
let a: Team;
let b: Team;
let channelA: TestChannel;
let inboundA: CustomerMessage;
let failedA: string;
let templateA: string;
let spareContactA: string;

const customerPhone = () => `62812${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;

/** Everything of workspace A the commands could touch, to compare before and after. */
async function snapshotA() {
  return asService(async (tx) => ({
    conversations: await tx`select * from public.conversations where workspace_id = ${a.workspaceId} order by id`,
    contacts: await tx`select * from public.contacts where workspace_id = ${a.workspaceId} order by id`,
    messages: await tx`select * from public.messages where workspace_id = ${a.workspaceId} order by id`,
  }));
}

/** Every inbox command, aimed at A's rows, as `actor` with `user`'s session. */
function attempts(user: TestUser, actor: Actor): [string, () => Promise<unknown>][] {
  const run = (fn: (tx: Tx) => Promise<unknown>) => () => asUser(user.claims, fn);
  const conversationId = inboundA.conversationId;
  return [
    ["sendText", run((tx) => sendText(tx, actor, { conversationId, idempotencyKey: unique("key"), text: "Halo dari B" }))],
    [
      "sendMedia",
      run((tx) =>
        sendMedia(tx, actor, {
          conversationId,
          idempotencyKey: unique("key"),
          storagePath: `${actor.workspaceId}/00000000-0000-4000-8000-000000000000`,
          mimeType: "image/jpeg",
          filename: "x.jpg",
          size: 10,
          caption: null,
        }),
      ),
    ],
    [
      "sendTemplate",
      run((tx) => sendTemplate(tx, actor, { conversationId, idempotencyKey: unique("key"), templateId: templateA, parameters: {} })),
    ],
    ["addNote", run((tx) => addNote(tx, actor, { conversationId, idempotencyKey: unique("key"), text: "catatan" }))],
    ["markAsRead", run((tx) => markAsRead(tx, actor, conversationId))],
    ["setConversationStatus", run((tx) => setConversationStatus(tx, actor, conversationId, { status: "resolved" }))],
    ["assignConversation (unassign)", run((tx) => assignConversation(tx, actor, conversationId, null))],
    ["assignConversation (to self)", run((tx) => assignConversation(tx, actor, conversationId, user.id))],
    ["linkContactToConversation", run((tx) => linkContactToConversation(tx, actor, conversationId, spareContactA))],
    [
      "updateContact",
      run((tx) => updateContact(tx, { ...actor, country: "ID" }, inboundA.contactId, { name: "Diambil B", leadStatus: "lost" })),
    ],
    ["retryMessage", run((tx) => retryMessage(tx, actor, failedA))],
    ["getConversation", run((tx) => getConversation(tx, actor.workspaceId, conversationId))],
  ];
}

beforeAll(async () => {
  a = await createTeam();
  b = await createTeam();
  channelA = await createChannel({ provider: "meta", workspaceId: a.workspaceId });
  await connectChannel(fake, channelA, "meta");
  await createChannel({ provider: "meta", workspaceId: b.workspaceId });
  inboundA = await customerWrites(channelA, { from: customerPhone(), text: "Rahasia A" });
  const [failed] = await asService(
    (tx) => tx<{ id: string }[]>`
      insert into public.messages (workspace_id, conversation_id, direction, type, body, status, sender_type, error)
      values (${a.workspaceId}, ${inboundA.conversationId}, 'outbound', 'text', 'Gagal', 'failed', 'agent', '{"code": 131026}')
      returning id`,
  );
  failedA = String(failed?.id);
  const [template] = await asService(
    (tx) => tx<{ id: string }[]>`
      insert into public.whatsapp_templates (workspace_id, waba_id, provider_template_id, name, language, status, components)
      values (${a.workspaceId}, ${channelA.wabaId}, ${unique("tpl")}, 'hello_world', 'en_US', 'APPROVED', '[{"type":"BODY","text":"Hi"}]')
      returning id`,
  );
  templateA = String(template?.id);
  const [contact] = await asService(
    (tx) => tx<{ id: string }[]>`insert into public.contacts (workspace_id, phone_e164, name)
                                 values (${a.workspaceId}, ${`+${customerPhone()}`}, 'Spare') returning id`,
  );
  spareContactA = String(contact?.id);
});

describe("another workspace's member", () => {
  it("acting in their own workspace gets not_found for A's ids, and nothing changes in A", async () => {
    const before = await snapshotA();
    const actor = { workspaceId: b.workspaceId, userId: b.agent.id };
    for (const [name, attempt] of attempts(b.agent, actor)) {
      const error = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(AppError);
      expect(error, name).toMatchObject({ code: "not_found" });
    }
    expect(await snapshotA()).toEqual(before);
    expect(await jobsFor(sendMessageJob.name, failedA)).toEqual([]);
  });

  it("with A's workspace id forged into the actor (but B's session), RLS hides everything: not found or refused, no row changed", async () => {
    const before = await snapshotA();
    const forged = { workspaceId: a.workspaceId, userId: b.agent.id };
    for (const [name, attempt] of attempts(b.agent, forged)) {
      const error = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(AppError);
      // Assigning to oneself is refused earlier: A's membership list is invisible, so B's agent is "not a member".
      expect((error as AppError).code, name).toBe(name === "assignConversation (to self)" ? "invalid" : "not_found");
    }
    expect(await snapshotA()).toEqual(before);
  });

  it("lists nothing of A, whichever workspace id is passed", async () => {
    for (const workspaceId of [a.workspaceId, b.workspaceId]) {
      for (const filter of ["all", "unread", "unassigned", "resolved"] as const) {
        const page = await asUser(b.agent.claims, (tx) =>
          listConversations(tx, workspaceId, { userId: b.agent.id, filter: INBOX_PRESETS[filter], limit: 50 }),
        );
        expect(page.items.map((c) => c.id)).not.toContain(inboundA.conversationId);
      }
      const searched = await asUser(b.agent.claims, (tx) =>
        listConversations(tx, workspaceId, { userId: b.agent.id, filter: INBOX_PRESETS.all, search: "Rahasia", limit: 50 }),
      );
      expect(searched.items).toEqual([]);
      const thread = await asUser(b.agent.claims, (tx) => listMessages(tx, workspaceId, inboundA.conversationId, { limit: 50 }));
      expect(thread).toEqual({ messages: [], olderCursor: null, activity: [] });
    }
    expect(await asUser(b.agent.claims, (tx) => listApprovedTemplates(tx, a.workspaceId, channelA.id))).toEqual([]);
    // A's own member does see it (the setup is right).
    const own = await asUser(a.agent.claims, (tx) =>
      listConversations(tx, a.workspaceId, { userId: a.agent.id, filter: INBOX_PRESETS.all, limit: 50 }),
    );
    expect(own.items.map((c) => c.id)).toContain(inboundA.conversationId);
  });

  it("cannot search A through the search function (it checks membership itself, being security definer)", async () => {
    const own = await asUser(a.agent.claims, (tx) => tx`select * from public.search_conversations(${a.workspaceId}, '%Rahasia%', '%')`);
    expect(own.map((r) => r.conversation_id)).toContain(inboundA.conversationId);
    const stranger = await asUser(b.agent.claims, (tx) => tx`select * from public.search_conversations(${a.workspaceId}, '%', '%')`);
    expect(stranger).toHaveLength(0);
  });

  it("cannot insert into A's conversation directly (RLS)", async () => {
    await expect(
      asUser(
        b.agent.claims,
        (tx) => tx`insert into public.messages (workspace_id, conversation_id, direction, type, body, status, sender_type, sender_user_id)
                   values (${a.workspaceId}, ${inboundA.conversationId}, 'outbound', 'text', 'x', 'pending', 'agent', ${b.agent.id})`,
      ),
    ).rejects.toMatchObject({ code: "42501" });
  });
});

describe("a member writing messages directly (PostgREST-style SQL as authenticated)", () => {
  const insertAs = (user: TestUser, columns: Record<string, unknown>) =>
    asUser(
      user.claims,
      (tx) =>
        tx`insert into public.messages ${tx({
          workspace_id: a.workspaceId,
          conversation_id: inboundA.conversationId,
          direction: "outbound",
          type: "text",
          body: "langsung",
          status: "pending",
          sender_type: "agent",
          sender_user_id: user.id,
          ...columns,
        })} returning id`,
    );

  it("may insert their own pending outbound message", async () => {
    const rows = await insertAs(a.agent, {});
    expect(rows).toHaveLength(1);
  });

  it("cannot insert a message as sent, with a wamid, as inbound, or in someone else's name (CV403)", async () => {
    const before = await snapshotA();
    for (const columns of [
      { status: "sent" },
      { status: "delivered" },
      { wamid: `wamid.${unique("forged")}` },
      { direction: "inbound", sender_type: "customer", sender_user_id: null },
      { sender_user_id: a.admin.id },
      { sender_type: "system" },
    ]) {
      await expect(insertAs(a.agent, columns), JSON.stringify(columns)).rejects.toMatchObject({ code: "CV403" });
    }
    expect(await snapshotA()).toEqual(before);
  });

  it("cannot give an existing message a wamid (CV403)", async () => {
    await expect(
      asUser(a.agent.claims, (tx) => tx`update public.messages set wamid = ${`wamid.${unique("forged")}`} where id = ${failedA}`),
    ).rejects.toMatchObject({ code: "CV403" });
  });
});
