import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createContact } from "@/server/contacts/commands";
import { createField } from "@/server/contacts/settings";
import { asService, asUser } from "@/server/db/client";
import { render } from "@/server/errors";
import { WINDOW_CLOSED } from "@/server/inbox/commands";
import { type StartTarget, startConversation, startConversationOptions } from "@/server/inbox/start-conversation";
import { expectAppError } from "../support/app-error";
import { jobsFor } from "../support/fake-provider";
import { createTeam, type TestUser } from "../support/fixtures";
import { createChannel, customerWrites, type TestChannel } from "../support/webhooks";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let other: Team;
let channel: TestChannel;
/** A second number of the same workspace, on another WhatsApp account. */
let second: TestChannel;
let otherChannel: TestChannel;
let orderUpdate: string;
let welcome: string;
let secondAccountTemplate: string;

const mobile = () => `62812${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;
const actor = (user: TestUser, workspaceId = team.workspaceId) => ({ workspaceId, userId: user.id, country: "ID" as const });
const key = () => `start-${randomUUID()}`;

async function seedTemplate(target: TestChannel, name: string, components: unknown[], status = "APPROVED") {
  const [row] = await asService(
    (tx) => tx<{ id: string }[]>`
      insert into public.whatsapp_templates (workspace_id, waba_id, provider_template_id, name, language, category, status, components)
      values (${target.workspaceId}, ${target.wabaId}, ${randomUUID()}, ${name}, 'id', 'UTILITY', ${status}, ${tx.json(components as never)})
      returning id`,
  );
  if (!row) throw new Error("no template");
  return row.id;
}

beforeAll(async () => {
  team = await createTeam();
  other = await createTeam();
  channel = await createChannel({ provider: "meta", workspaceId: team.workspaceId });
  second = await createChannel({ provider: "meta", workspaceId: team.workspaceId });
  otherChannel = await createChannel({ provider: "meta", workspaceId: other.workspaceId });
  orderUpdate = await seedTemplate(channel, "order_update", [
    { type: "HEADER", format: "TEXT", text: "Pesanan {{1}}", example: { header_text: ["#123"] } },
    {
      type: "BODY",
      text: "Halo {{1}}, pesanan {{2}} dikirim. Info: {{3}}",
      example: { body_text: [["Budi", "#123", "budi@example.com"]] },
    },
    { type: "FOOTER", text: "Toko Maju" },
    { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "Terima kasih" }] },
  ]);
  welcome = await seedTemplate(channel, "welcome", [{ type: "BODY", text: "Selamat datang!" }]);
  await seedTemplate(channel, "draft_offer", [{ type: "BODY", text: "Diskon" }], "PENDING");
  secondAccountTemplate = await seedTemplate(second, "second_only", [{ type: "BODY", text: "Dari nomor kedua" }]);
  await asUser(team.admin.claims, (tx) => createField(tx, actor(team.admin), { label: "Order no", type: "text" }));
});

const start = (target: StartTarget, message: Parameters<typeof startConversation>[2]["message"], via: TestChannel = channel) =>
  asUser(team.agent.claims, (tx) =>
    startConversation(tx, actor(team.agent), { channelId: via.id, target, idempotencyKey: key(), message }),
  );

async function messageOf(id: string) {
  const [row] = await asService(
    (tx) => tx<
      { conversation_id: string; type: string; status: string; body: string; content: Record<string, unknown>; sender_user_id: string }[]
    >`
      select conversation_id, type, status, body, content, sender_user_id from public.messages where id = ${id}`,
  );
  return row;
}

describe("starting a conversation", () => {
  it("with a number nobody wrote from: the contact and conversation are created, the template queued, and the customer's answer lands there", async () => {
    const waId = mobile();
    const local = `0${waId.slice(2)}`;
    const started = await start(
      { phone: local },
      { kind: "template", templateId: orderUpdate, parameters: { "header.1": "#77", "body.1": "Rina", "body.2": "#77", "body.3": "-" } },
    );
    expect(started.created).toBe(true);
    const [contact] = await asService(
      (tx) =>
        tx<
          { id: string; phone_e164: string; source: string }[]
        >`select id, phone_e164, source from public.contacts where id = ${started.contactId}`,
    );
    expect(contact).toMatchObject({ phone_e164: `+${waId}`, source: "manual" });
    const message = await messageOf(started.id);
    expect(message).toMatchObject({
      conversation_id: started.conversationId,
      type: "template",
      status: "pending",
      body: "Pesanan #77\n\nHalo Rina, pesanan #77 dikirim. Info: -\n\nToko Maju",
      sender_user_id: team.agent.id,
    });
    expect(message?.content).toMatchObject({ template: { name: "order_update", language: { code: "id" } } });
    expect(await jobsFor("outbound.send", started.id)).toHaveLength(1);

    const reply = await customerWrites(channel, { from: waId, text: "Terima kasih" });
    expect(reply).toMatchObject({ contactId: started.contactId, conversationId: started.conversationId });
  });

  it("with an existing contact: a conversation on the chosen number, reused by the next start", async () => {
    const { id } = await asUser(team.agent.claims, (tx) => createContact(tx, actor(team.agent), { phone: `+${mobile()}`, name: "Sari" }));
    const first = await start({ contactId: id }, { kind: "template", templateId: welcome, parameters: {} });
    const again = await start({ contactId: id }, { kind: "template", templateId: welcome, parameters: {} });
    expect(again.conversationId).toBe(first.conversationId);
    expect(again.contactId).toBe(id);
    // Another number of the workspace is another conversation, as when the customer writes to it.
    const elsewhere = await start({ contactId: id }, { kind: "template", templateId: secondAccountTemplate, parameters: {} }, second);
    expect(elsewhere.conversationId).not.toBe(first.conversationId);
    const [count] = await asService(
      (tx) => tx<{ n: number }[]>`select count(*)::int as n from public.conversations where contact_id = ${id}`,
    );
    expect(count?.n).toBe(2);
  });

  it("typing the number of an existing contact (in another written form) reuses its contact and conversation", async () => {
    const waId = mobile();
    const inbound = await customerWrites(channel, { from: waId, text: "Halo", at: new Date(Date.now() - 3 * 86_400_000) });
    const started = await start(
      { phone: `+62 ${waId.slice(2, 5)}-${waId.slice(5)}` },
      { kind: "template", templateId: welcome, parameters: {} },
    );
    expect(started).toMatchObject({ contactId: inbound.contactId, conversationId: inbound.conversationId });
  });

  it("a repeated request (same key) sends once", async () => {
    const { id } = await asUser(team.agent.claims, (tx) => createContact(tx, actor(team.agent), { phone: `+${mobile()}` }));
    const idempotencyKey = key();
    const send = () =>
      asUser(team.agent.claims, (tx) =>
        startConversation(tx, actor(team.agent), {
          channelId: channel.id,
          target: { contactId: id },
          idempotencyKey,
          message: { kind: "template", templateId: welcome, parameters: {} },
        }),
      );
    const first = await send();
    const second = await send();
    expect(second).toMatchObject({ id: first.id, created: false, conversationId: first.conversationId });
  });
});

describe("the 24-hour window", () => {
  it("free text is refused outside the window, in words, and a new number leaves nothing behind", async () => {
    const waId = mobile();
    await expectAppError(start({ phone: `+${waId}` }, { kind: "text", text: "Halo kak" }), "conflict", new RegExp(render(WINDOW_CLOSED)));
    const [count] = await asService(
      (tx) => tx<{ n: number }[]>`select count(*)::int as n from public.contacts where phone_e164 = ${`+${waId}`}`,
    );
    expect(count?.n).toBe(0);

    const old = await customerWrites(channel, { from: mobile(), text: "Halo", at: new Date(Date.now() - 2 * 86_400_000) });
    await expectAppError(start({ contactId: old.contactId }, { kind: "text", text: "Masih ada?" }), "conflict", /24 hours/);
  });

  it("free text goes out while the customer's window is open on that number, and only there", async () => {
    const recent = await customerWrites(channel, { from: mobile(), text: "Ada ukuran L?" });
    const sent = await start({ contactId: recent.contactId }, { kind: "text", text: "Ada kak" });
    expect(sent.conversationId).toBe(recent.conversationId);
    expect(await messageOf(sent.id)).toMatchObject({ type: "text", body: "Ada kak", status: "pending" });
    // The window is per number: on the second number they never wrote.
    await expectAppError(start({ contactId: recent.contactId }, { kind: "text", text: "Halo" }, second), "conflict", /24 hours/);

    const options = await asUser(team.agent.claims, (tx) =>
      startConversationOptions(tx, actor(team.agent), { contactId: recent.contactId }),
    );
    const byId = new Map(options.channels.map((c) => [c.id, c]));
    expect(byId.get(channel.id)).toMatchObject({ windowOpen: true, conversationId: recent.conversationId });
    expect(byId.get(second.id)).toMatchObject({ windowOpen: false, conversationId: null });
  });
});

describe("what the dialog offers", () => {
  it("each number's approved templates only, with parameters prefilled from the contact's fields", async () => {
    const { id } = await asUser(team.agent.claims, (tx) =>
      createContact(tx, actor(team.agent), {
        phone: `+${mobile()}`,
        name: "Rina",
        email: "rina@example.com",
        customAttributes: { order_no: "A-17" },
      }),
    );
    const options = await asUser(team.agent.claims, (tx) => startConversationOptions(tx, actor(team.agent), { contactId: id }));
    expect(options.recipient).toMatchObject({ contactId: id, name: "Rina", optedOutAt: null });
    expect(options.recipient.fields).toEqual(
      expect.arrayContaining([
        { key: "name", label: "Name", value: "Rina" },
        { key: "email", label: "Email", value: "rina@example.com" },
        { key: "order_no", label: "Order no", value: "A-17" },
      ]),
    );
    const first = options.channels.find((c) => c.id === channel.id);
    expect(first?.templates.map((t) => t.name)).toEqual(["order_update", "welcome"]);
    expect(options.channels.find((c) => c.id === second.id)?.templates.map((t) => t.name)).toEqual(["second_only"]);
    const order = first?.templates.find((t) => t.name === "order_update");
    // {{1}} of the body is the name; an email example takes the email; "#123" says nothing, so it stays for the agent.
    expect(order?.prefill).toEqual({ "body.1": "name", "body.3": "email" });
    expect(order?.components.map((c) => c.type)).toEqual(["HEADER", "BODY", "FOOTER", "BUTTONS"]);
  });

  it("a typed number is read with the workspace's country; an unknown one has only its phone to fill from", async () => {
    const waId = mobile();
    const options = await asUser(team.agent.claims, (tx) =>
      startConversationOptions(tx, actor(team.agent), { phone: `0${waId.slice(2)}` }),
    );
    expect(options.recipient).toMatchObject({ contactId: null, phone: `+${waId}` });
    expect(options.recipient.fields.filter((f) => f.value).map((f) => f.key)).toEqual(["phone"]);
    await expectAppError(
      asUser(team.agent.claims, (tx) => startConversationOptions(tx, actor(team.agent), { phone: "12345" })),
      "invalid",
      /not a valid phone number/,
    );
  });

  it("an opted-out contact can still be written to one-to-one; the dialog says they opted out", async () => {
    const stopped = await customerWrites(channel, { from: mobile(), text: "STOP" });
    const options = await asUser(team.agent.claims, (tx) =>
      startConversationOptions(tx, actor(team.agent), { contactId: stopped.contactId }),
    );
    expect(options.recipient.optedOutAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const sent = await start({ contactId: stopped.contactId }, { kind: "text", text: "Baik kak, tidak kami kirimi promo lagi." });
    expect(sent.conversationId).toBe(stopped.conversationId);
  });
});

describe("refusals", () => {
  it("a template of another number's account, or one not approved, is refused", async () => {
    const { id } = await asUser(team.agent.claims, (tx) => createContact(tx, actor(team.agent), { phone: `+${mobile()}` }));
    await expectAppError(
      start({ contactId: id }, { kind: "template", templateId: secondAccountTemplate, parameters: {} }),
      "not_found",
      /not approved for this WhatsApp number/,
    );
    await expectAppError(
      start({ contactId: id }, { kind: "template", templateId: orderUpdate, parameters: { "body.1": "Rina" } }),
      "invalid",
      /Fill in/,
    );
  });

  it("a disconnected number is refused with the reason", async () => {
    const gone = await createChannel({ provider: "meta", workspaceId: team.workspaceId });
    await asService((tx) => tx`update public.whatsapp_channels set status = 'disconnected' where id = ${gone.id}`);
    await expectAppError(
      start({ phone: `+${mobile()}` }, { kind: "template", templateId: welcome, parameters: {} }, gone),
      "conflict",
      /disconnected/,
    );
  });

  it("another workspace's contact or number is not found, and nothing is written", async () => {
    const theirs = await customerWrites(otherChannel, { from: mobile(), text: "Halo" });
    await expectAppError(start({ contactId: theirs.contactId }, { kind: "template", templateId: welcome, parameters: {} }), "not_found");
    await expectAppError(
      asUser(team.agent.claims, (tx) => startConversationOptions(tx, actor(team.agent), { contactId: theirs.contactId })),
      "not_found",
    );
    const waId = mobile();
    await expectAppError(
      start({ phone: `+${waId}` }, { kind: "template", templateId: welcome, parameters: {} }, otherChannel),
      "not_found",
    );
    // Naming the other workspace as one's own: RLS hides its number and contacts.
    await expectAppError(
      asUser(team.agent.claims, (tx) =>
        startConversation(tx, actor(team.agent, other.workspaceId), {
          channelId: otherChannel.id,
          target: { contactId: theirs.contactId },
          idempotencyKey: key(),
          message: { kind: "text", text: "Halo" },
        }),
      ),
      "not_found",
    );
    const [count] = await asService(
      (tx) => tx<{ n: number }[]>`
        select (select count(*) from public.contacts where phone_e164 = ${`+${waId}`})::int
             + (select count(*) from public.messages where conversation_id = ${theirs.conversationId} and direction = 'outbound')::int as n`,
    );
    expect(count?.n).toBe(0);
  });
});
