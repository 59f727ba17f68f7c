import { beforeAll, describe, expect, it } from "vitest";
import { asService, asUser } from "@/server/db/client";
import { sendTemplate } from "@/server/inbox/commands";
import { sendOutboundMessage } from "@/server/inbox/delivery";
import { sendMessageJob } from "@/server/inbox/jobs";
import { listApprovedTemplates } from "@/server/inbox/queries";
import { syncChannelTemplates } from "@/server/whatsapp/templates/sync";
import type { Actor } from "@/server/workspaces/actor";
import { expectAppError } from "../support/app-error";
import { connectChannel, type FakeTemplate, jobsFor, useFakeProvider, workJob } from "../support/fake-provider";
import { createTeam, unique } from "../support/fixtures";
import { createChannel, customerWrites, type TestChannel } from "../support/webhooks";

const fake = useFakeProvider();
let team: Awaited<ReturnType<typeof createTeam>>;
let channel: TestChannel;
let agent: Actor;
let credential: string;

const ORDER_UPDATE: FakeTemplate = {
  id: "1180000000000001",
  name: "order_update",
  language: "id",
  status: "APPROVED",
  category: "UTILITY",
  components: [
    { type: "HEADER", format: "TEXT", text: "Pesanan {{1}}", example: { header_text: ["#123"] } },
    { type: "BODY", text: "Halo {{1}}, pesanan {{2}} sudah dikirim.", example: { body_text: [["Budi", "#123"]] } },
    { type: "FOOTER", text: "Toko Maju" },
  ],
};
const HELLO: FakeTemplate = {
  id: "1180000000000002",
  name: "hello_world",
  language: "en_US",
  status: "APPROVED",
  category: "UTILITY",
  components: [{ type: "BODY", text: "Hello World" }],
};
const PROMO: FakeTemplate = {
  id: "1180000000000003",
  name: "promo_lebaran",
  language: "id",
  status: "PENDING",
  category: "MARKETING",
  components: [{ type: "BODY", text: "Diskon {{1}}!", example: { body_text: [["20%"]] } }],
};
const OLD: FakeTemplate = {
  id: "1180000000000004",
  name: "old_offer",
  language: "id",
  status: "REJECTED",
  category: "MARKETING",
  components: [{ type: "BODY", text: "Lama" }],
};

const customerPhone = () => `62812${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;

async function templateId(name: string, workspaceId = team.workspaceId) {
  const [row] = await asService(
    (tx) => tx<{ id: string }[]>`select id from public.whatsapp_templates where workspace_id = ${workspaceId} and name = ${name}`,
  );
  if (!row) throw new Error(`no template ${name}`);
  return row.id;
}

/** A conversation whose customer last wrote three days ago: only templates may be sent. */
async function closedConversation() {
  const from = customerPhone();
  const { conversationId } = await customerWrites(channel, { from, text: "Pesanan saya mana?", at: new Date(Date.now() - 3 * 86_400_000) });
  return { conversationId, from };
}

beforeAll(async () => {
  team = await createTeam();
  channel = await createChannel({ provider: "meta", workspaceId: team.workspaceId });
  credential = await connectChannel(fake, channel, "meta", { templates: [ORDER_UPDATE, HELLO, PROMO, OLD] });
  agent = { workspaceId: team.workspaceId, userId: team.agent.id };
});

describe("template sync", () => {
  it("stores the provider's templates; the approved ones are listed with their parameters", async () => {
    expect(await syncChannelTemplates(channel.id)).toBe(4);
    const [request] = fake.requests;
    expect(request).toMatchObject({ provider: "meta", method: "GET", path: `/${channel.wabaId}/message_templates`, route: "templates" });
    expect(request?.query.limit).toBe("250");
    expect(request?.headers.authorization).toBe(`Bearer ${credential}`);

    const stored = await asService(
      (tx) => tx`select name, status, waba_id, provider_template_id from public.whatsapp_templates
                 where workspace_id = ${team.workspaceId} order by name`,
    );
    expect(stored).toEqual([
      { name: "hello_world", status: "APPROVED", waba_id: channel.wabaId, provider_template_id: HELLO.id },
      { name: "old_offer", status: "REJECTED", waba_id: channel.wabaId, provider_template_id: OLD.id },
      { name: "order_update", status: "APPROVED", waba_id: channel.wabaId, provider_template_id: ORDER_UPDATE.id },
      { name: "promo_lebaran", status: "PENDING", waba_id: channel.wabaId, provider_template_id: PROMO.id },
    ]);

    const listed = await asUser(team.agent.claims, (tx) => listApprovedTemplates(tx, team.workspaceId, channel.id));
    expect(listed.map((t) => t.name)).toEqual(["hello_world", "order_update"]);
    expect(listed[1]).toMatchObject({
      name: "order_update",
      language: "id",
      category: "UTILITY",
      body: "Halo {{1}}, pesanan {{2}} sudah dikirim.",
      parameters: [
        { component: "header", key: "1", id: "header.1", example: "#123" },
        { component: "body", key: "1", id: "body.1", example: "Budi" },
        { component: "body", key: "2", id: "body.2", example: "#123" },
      ],
    });
    expect(listed[0]?.parameters).toEqual([]);
  });

  it("a later sync updates review states in place (no duplicates)", async () => {
    await syncChannelTemplates(channel.id);
    fake.setTemplates(channel.phoneNumberId, [ORDER_UPDATE, HELLO, { ...PROMO, status: "approved" }, OLD]);
    await syncChannelTemplates(channel.id);
    const listed = await asUser(team.agent.claims, (tx) => listApprovedTemplates(tx, team.workspaceId, channel.id));
    expect(listed.map((t) => t.name)).toEqual(["hello_world", "order_update", "promo_lebaran"]);
    const [count] = await asService(
      (tx) => tx<{ n: number }[]>`select count(*)::int as n from public.whatsapp_templates where workspace_id = ${team.workspaceId}`,
    );
    expect(count?.n).toBe(4);
    // Back to the original list for the other tests.
    fake.setTemplates(channel.phoneNumberId, [ORDER_UPDATE, HELLO, PROMO, OLD]);
    await syncChannelTemplates(channel.id);
  });

  it("a sync replaces the list: templates the provider no longer has are not offered any more", async () => {
    const line = await createChannel({ provider: "meta", workspaceId: (await createTeam()).workspaceId });
    const order = { ...ORDER_UPDATE, id: unique("tpl") };
    const hello = { ...HELLO, id: unique("tpl") };
    await connectChannel(fake, line, "meta", { templates: [order, hello] });
    const listFor = () => asService((tx) => listApprovedTemplates(tx, line.workspaceId, line.id));
    await syncChannelTemplates(line.id);
    expect((await listFor()).map((t) => t.name)).toEqual(["hello_world", "order_update"]);

    // order_update was deleted in WhatsApp Manager: sending it now would only fail at Meta (132001).
    fake.setTemplates(line.phoneNumberId, [hello]);
    await syncChannelTemplates(line.id);
    expect((await listFor()).map((t) => t.name)).toEqual(["hello_world"]);
  });

  it("360dialog: reads /v1/configs/templates with D360-API-KEY, listed only for numbers of that WhatsApp account", async () => {
    const dialogTeam = await createTeam();
    const line = await createChannel({ provider: "360dialog", workspaceId: dialogTeam.workspaceId });
    const key = await connectChannel(fake, line, "360dialog", {
      templates: [
        {
          name: "konfirmasi",
          language: "id",
          status: "APPROVED",
          category: "UTILITY",
          components: [{ type: "BODY", text: "Pesanan {{1}} dikonfirmasi" }],
        },
      ],
    });
    const otherAccount = await createChannel({ provider: "360dialog", workspaceId: dialogTeam.workspaceId });

    expect(await syncChannelTemplates(line.id)).toBe(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({ provider: "360dialog", method: "GET", path: "/v1/configs/templates" });
    expect(request?.headers["d360-api-key"]).toBe(key);

    const listed = await asUser(dialogTeam.agent.claims, (tx) => listApprovedTemplates(tx, dialogTeam.workspaceId, line.id));
    expect(listed).toEqual([
      expect.objectContaining({
        name: "konfirmasi",
        language: "id",
        parameters: [{ component: "body", key: "1", id: "body.1", example: null }],
      }),
    ]);
    expect(await asUser(dialogTeam.agent.claims, (tx) => listApprovedTemplates(tx, dialogTeam.workspaceId, otherAccount.id))).toEqual([]);
  });

  it("a sync failure stores nothing and throws the provider's error", async () => {
    const before = await asService(
      (tx) => tx`select name, status from public.whatsapp_templates where workspace_id = ${team.workspaceId} order by name`,
    );
    fake.failNext(1, { status: 500, body: { error: { message: "Service unavailable", code: 2 } } }, { route: "templates" });
    await expect(syncChannelTemplates(channel.id)).rejects.toThrow(/Service unavailable/);
    const after = await asService(
      (tx) => tx`select name, status from public.whatsapp_templates where workspace_id = ${team.workspaceId} order by name`,
    );
    expect(after).toEqual(before);
  });
});

describe("sending a template", () => {
  beforeAll(async () => {
    await syncChannelTemplates(channel.id);
  });

  it("is allowed outside the 24-hour window and fills the parameters into the provider request", async () => {
    const { conversationId, from } = await closedConversation();
    const queued = await asUser(team.agent.claims, async (tx) =>
      sendTemplate(tx, agent, {
        conversationId,
        idempotencyKey: unique("key"),
        templateId: await templateId("order_update"),
        parameters: { "header.1": "#A-77", "body.1": " Budi ", "body.2": "#A-77" },
      }),
    );
    expect(queued.created).toBe(true);
    const [row] = await asService((tx) => tx`select type, body, status from public.messages where id = ${queued.id}`);
    // Stored as the customer reads it: header, body and footer.
    expect(row).toEqual({
      type: "template",
      body: "Pesanan #A-77\n\nHalo Budi, pesanan #A-77 sudah dikirim.\n\nToko Maju",
      status: "pending",
    });
    expect(await jobsFor(sendMessageJob.name, queued.id)).toHaveLength(1);

    expect(await workJob(sendMessageJob.name, queued.id, () => sendOutboundMessage(queued.id, { finalAttempt: false }))).toBe("sent");
    const [request] = fake.sends(channel.phoneNumberId);
    expect(request?.json).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: from,
      type: "template",
      template: {
        name: "order_update",
        language: { code: "id" },
        components: [
          { type: "header", parameters: [{ type: "text", text: "#A-77" }] },
          {
            type: "body",
            parameters: [
              { type: "text", text: "Budi" },
              { type: "text", text: "#A-77" },
            ],
          },
        ],
      },
      biz_opaque_callback_data: queued.id,
    });
  });

  it("sends a template without parameters with no components", async () => {
    const { conversationId } = await closedConversation();
    const queued = await asUser(team.agent.claims, async (tx) =>
      sendTemplate(tx, agent, {
        conversationId,
        idempotencyKey: unique("key"),
        templateId: await templateId("hello_world"),
        parameters: {},
      }),
    );
    expect(await workJob(sendMessageJob.name, queued.id, () => sendOutboundMessage(queued.id, { finalAttempt: false }))).toBe("sent");
    expect(fake.sends(channel.phoneNumberId)[0]?.json).toMatchObject({
      type: "template",
      template: { name: "hello_world", language: { code: "en_US" }, components: [] },
    });
  });

  it("refuses a missing (or blank) parameter, naming it", async () => {
    const { conversationId } = await closedConversation();
    const id = await templateId("order_update");
    await expectAppError(
      asUser(team.agent.claims, (tx) =>
        sendTemplate(tx, agent, {
          conversationId,
          idempotencyKey: unique("key"),
          templateId: id,
          parameters: { "header.1": "#1", "body.1": "Budi" },
        }),
      ),
      "invalid",
      /\{\{2\}\}.*body/,
    );
    await expectAppError(
      asUser(team.agent.claims, (tx) =>
        sendTemplate(tx, agent, {
          conversationId,
          idempotencyKey: unique("key"),
          templateId: id,
          parameters: { "header.1": "  ", "body.1": "Budi", "body.2": "#1" },
        }),
      ),
      "invalid",
      /\{\{1\}\}.*header/,
    );
    const [count] = await asService(
      (tx) =>
        tx<
          { n: number }[]
        >`select count(*)::int as n from public.messages where conversation_id = ${conversationId} and direction = 'outbound'`,
    );
    expect(count?.n).toBe(0);
  });

  it("refuses a template that is not approved, or belongs to another workspace", async () => {
    const { conversationId } = await closedConversation();
    await expectAppError(
      asUser(team.agent.claims, async (tx) =>
        sendTemplate(tx, agent, {
          conversationId,
          idempotencyKey: unique("key"),
          templateId: await templateId("promo_lebaran"),
          parameters: { "body.1": "20%" },
        }),
      ),
      "not_found",
    );
    const otherTeam = await createTeam();
    const [foreign] = await asService(
      (tx) => tx<{ id: string }[]>`
        insert into public.whatsapp_templates (workspace_id, provider_template_id, name, language, status, components)
        values (${otherTeam.workspaceId}, ${unique("tpl")}, 'hello_world', 'en_US', 'APPROVED', '[{"type":"BODY","text":"Hi"}]')
        returning id`,
    );
    await expectAppError(
      asUser(team.agent.claims, (tx) =>
        sendTemplate(tx, agent, { conversationId, idempotencyKey: unique("key"), templateId: String(foreign?.id), parameters: {} }),
      ),
      "not_found",
    );
  });

  it("refuses an approved template that has no name (the provider could not be asked for it), queuing nothing", async () => {
    const { conversationId } = await closedConversation();
    const [nameless] = await asService(
      (tx) => tx<{ id: string }[]>`
        insert into public.whatsapp_templates (workspace_id, provider_template_id, name, language, status, components)
        values (${team.workspaceId}, ${unique("tpl")}, null, 'en_US', 'APPROVED', '[{"type":"BODY","text":"Hi"}]')
        returning id`,
    );
    await expectAppError(
      asUser(team.agent.claims, (tx) =>
        sendTemplate(tx, agent, { conversationId, idempotencyKey: unique("key"), templateId: String(nameless?.id), parameters: {} }),
      ),
      "not_found",
    );
    const [count] = await asService(
      (tx) => tx<{ n: number }[]>`
        select count(*)::int as n from public.messages where conversation_id = ${conversationId} and direction = 'outbound'`,
    );
    expect(count?.n).toBe(0);
  });
});
