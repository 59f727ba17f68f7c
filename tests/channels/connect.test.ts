import { randomBytes, randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as failed from "@/app/api/webhooks/kapso/failed/route";
import { decryptSecret, encryptSecret } from "@/server/crypto/secrets";
import { asService, asUser } from "@/server/db/client";
import { messageDelivery, sendChannelTestMessage, sendText } from "@/server/inbox/commands";
import { sendOutboundMessage } from "@/server/inbox/delivery";
import { sendMessageJob } from "@/server/inbox/jobs";
import { stopQueue } from "@/server/jobs/queue";
import { routeWebhook } from "@/server/whatsapp/channel-routes";
import { connectDialog360, connectMetaNumber } from "@/server/whatsapp/channels/connect-direct";
import { completeKapsoSetup, type KapsoSuccessParams, startKapsoSetup } from "@/server/whatsapp/channels/connect-kapso";
import { listChannels } from "@/server/whatsapp/channels/queries";
import { disconnectChannel } from "@/server/whatsapp/channels/record";
import { readCredentials } from "@/server/whatsapp/providers/client";
import type { WorkspaceContext } from "@/server/workspaces/context";
import { listMyWorkspaces } from "@/server/workspaces/queries";
import { kapsoMessageReceived } from "../../scripts/webhooks/payloads";
import { expectAppError } from "../support/app-error";
import { generatedNumber } from "../support/fake-kapso-platform";
import { type FakeProvider, jobsFor, startFakeProvider, workJob } from "../support/fake-provider";
import { createTeam, type TestUser } from "../support/fixtures";
import { customerWrites, deliver } from "../support/webhooks";

let fake: FakeProvider;
let team: Awaited<ReturnType<typeof createTeam>>;
let otherTeam: Awaited<ReturnType<typeof createTeam>>;

async function contextFor(user: TestUser, workspaceId: string): Promise<WorkspaceContext> {
  const workspaces = await asUser(user.claims, (tx) => listMyWorkspaces(tx));
  const workspace = workspaces.find((w) => w.id === workspaceId);
  if (!workspace) throw new Error("not a member");
  return { claims: user.claims, workspace, workspaces };
}

/** Kapso's hosted page finished: the query its success redirect carries, as parameters for our callback. */
function finishHostedSetup(linkUrl: string, number = generatedNumber()): { params: KapsoSuccessParams; number: typeof number } {
  fake.kapsoPlatform.nextSetup({ number });
  const location = fake.kapsoPlatform.hostedSetup(linkUrl.split("/").pop() ?? "");
  if (!location) throw new Error("unknown setup link");
  const url = new URL(location);
  expect(url.pathname).toBe("/api/webhooks/kapso/success");
  return { params: Object.fromEntries(url.searchParams) as KapsoSuccessParams, number };
}

const channelRow = (phoneNumberId: string) =>
  asService(
    (tx) =>
      tx<
        {
          id: string;
          workspace_id: string;
          provider: string;
          status: string;
          connection_type: string;
          display_phone_number: string | null;
          waba_id: string | null;
          webhook_secret: string;
          webhook_token: string;
          credentials_encrypted: string | null;
          credentials_last4: string | null;
          connected_at: Date | null;
        }[]
      >`select * from public.whatsapp_channels where phone_number_id = ${phoneNumberId}`,
  ).then((rows) => rows[0]);

const auditActions = (workspaceId: string) =>
  asService(
    (tx) => tx<{ action: string; target_label: string | null }[]>`
      select action, target_label from public.audit_log where workspace_id = ${workspaceId} order by created_at, id`,
  );

beforeAll(async () => {
  fake = await startFakeProvider();
  fake.installEnv();
  team = await createTeam();
  otherTeam = await createTeam();
});

afterAll(async () => {
  await stopQueue();
  await fake.close();
});

describe("Kapso setup links", () => {
  it("creates the workspace's Kapso customer once and a setup link with our redirect URLs", async () => {
    const admin = await contextFor(team.admin, team.workspaceId);
    const first = await startKapsoSetup(admin, { provisionPhoneNumber: false });
    const second = await startKapsoSetup(admin, { provisionPhoneNumber: true });

    const customers = [...fake.kapsoPlatform.customers.values()].filter((c) => c.external_customer_id === team.workspaceId);
    expect(customers).toHaveLength(1);
    const links = [...fake.kapsoPlatform.setupLinks.values()].filter((l) => l.customer_id === customers[0]?.id);
    expect(links.map((l) => l.url)).toEqual([first.url, second.url]);
    expect(links[0]?.status).toBe("revoked");
    expect(links[1]).toMatchObject({
      allowed_connection_types: ["coexistence", "dedicated"],
      provision_phone_number: true,
      success_redirect_url: expect.stringMatching(/^http:\/\/localhost:3000\/api\/webhooks\/kapso\/success\?state=[\w-]{32}$/),
      failure_redirect_url: expect.stringMatching(/\/api\/webhooks\/kapso\/failed\?state=[\w-]{32}$/),
      theme_config: { primary_color: expect.any(String) },
    });
    const [stored] = await asService(
      (tx) => tx`select kapso_customer_id from public.kapso_customers where workspace_id = ${team.workspaceId}`,
    );
    expect(stored?.kapso_customer_id).toBe(customers[0]?.id);
  });

  it("starts over with a new Kapso customer when Kapso no longer knows the stored one", async () => {
    const admin = await contextFor(team.admin, team.workspaceId);
    const [before] = await asService(
      (tx) => tx`select kapso_customer_id from public.kapso_customers where workspace_id = ${team.workspaceId}`,
    );
    fake.kapsoPlatform.customers.delete(before?.kapso_customer_id);
    const { url } = await startKapsoSetup(admin, { provisionPhoneNumber: false });
    const [after] = await asService(
      (tx) => tx`select kapso_customer_id from public.kapso_customers where workspace_id = ${team.workspaceId}`,
    );
    expect(after?.kapso_customer_id).not.toBe(before?.kapso_customer_id);
    expect([...fake.kapsoPlatform.setupLinks.values()].find((l) => l.url === url)?.customer_id).toBe(after?.kapso_customer_id);
  });

  it("is for admins only", async () => {
    await expectAppError(startKapsoSetup(await contextFor(team.agent, team.workspaceId), { provisionPhoneNumber: false }), "forbidden");
  });

  it("success callback: confirms the number through Kapso, registers our webhook, records the channel once", async () => {
    const admin = await contextFor(team.admin, team.workspaceId);
    const { url } = await startKapsoSetup(admin, { provisionPhoneNumber: false });
    const { params, number } = finishHostedSetup(url, { ...generatedNumber(), is_coexistence: true });
    // The query string's display number is not what gets stored: Kapso's API answer is.
    const { channelId } = await completeKapsoSetup(admin, { ...params, phone_number: "+1 000", status: "completed" });

    const channel = await channelRow(number.phone_number_id);
    expect(channel).toMatchObject({
      id: channelId,
      workspace_id: team.workspaceId,
      provider: "kapso",
      status: "active",
      connection_type: "coexistence",
      display_phone_number: number.display_phone_number,
      waba_id: number.business_account_id,
      credentials_encrypted: null,
      connected_at: expect.any(Date),
    });
    const webhooks = fake.kapsoPlatform.webhooks.filter((w) => w.phone_number_id === number.phone_number_id);
    expect(webhooks).toHaveLength(1);
    expect(webhooks[0]).toMatchObject({
      url: "http://localhost:3000/api/webhooks/kapso",
      payload_version: "v2",
      kind: "kapso",
      secret_key: channel?.webhook_secret,
      events: expect.arrayContaining(["whatsapp.message.received", "whatsapp.message.delivered", "whatsapp.conversation.created"]),
    });
    expect(await auditActions(team.workspaceId)).toContainEqual({ action: "channel.connected", target_label: number.display_phone_number });
    const listed = await asUser(admin.claims, (tx) => listChannels(tx, team.workspaceId));
    expect(listed.find((c) => c.id === channelId)?.webhook_registered).toBe(true);

    // Kapso's deliveries, signed with the registered secret, are accepted by our webhook route.
    const delivered = await deliver(
      { ...testChannelOf(number.phone_number_id, number.display_phone_number), secret: webhooks[0]?.secret_key ?? "" },
      "kapso",
      kapsoMessageReceived(
        { phoneNumberId: number.phone_number_id, displayPhoneNumber: number.display_phone_number, wabaId: number.business_account_id },
        { from: "6281299990000", text: "Halo" },
      ),
      { kapsoEvent: "whatsapp.message.received" },
    );
    expect(delivered.status).toBe(200);
    expect(delivered.storedEventIds).toHaveLength(1);

    // A replay of the same callback is refused and changes nothing.
    const replay = await expectAppError(completeKapsoSetup(admin, params), "forbidden");
    expect(replay.details?.reason).toBe("already_used");
    expect(fake.kapsoPlatform.webhooks.filter((w) => w.phone_number_id === number.phone_number_id)).toHaveLength(1);
  });

  it("refuses a callback replayed into another workspace, and leaves the link usable by its own", async () => {
    const { url } = await startKapsoSetup(await contextFor(team.admin, team.workspaceId), { provisionPhoneNumber: false });
    const { params, number } = finishHostedSetup(url);
    const intruder = await contextFor(otherTeam.owner, otherTeam.workspaceId);

    const refused = await expectAppError(completeKapsoSetup(intruder, params), "forbidden");
    expect(refused.details?.reason).toBe("unknown_link");
    expect(await channelRow(number.phone_number_id)).toBeUndefined();

    await completeKapsoSetup(await contextFor(team.owner, team.workspaceId), params);
    expect((await channelRow(number.phone_number_id))?.workspace_id).toBe(team.workspaceId);
  });

  it("refuses a forged callback naming a number of another Kapso customer", async () => {
    // The other workspace connects a number of its own through Kapso.
    const other = await contextFor(otherTeam.owner, otherTeam.workspaceId);
    const theirs = finishHostedSetup((await startKapsoSetup(other, { provisionPhoneNumber: false })).url);
    await completeKapsoSetup(other, theirs.params);

    // Our admin's genuine link, with their phone_number_id swapped into the query.
    const admin = await contextFor(team.admin, team.workspaceId);
    const { url } = await startKapsoSetup(admin, { provisionPhoneNumber: false });
    const ours = finishHostedSetup(url);
    // A setup_link_id that is not the link's is refused before anything else (the link stays unused).
    const mismatch = await expectAppError(completeKapsoSetup(admin, { ...ours.params, setup_link_id: randomUUID() }), "forbidden");
    expect(mismatch.details?.reason).toBe("unknown_link");

    const forged = await expectAppError(
      completeKapsoSetup(admin, { ...ours.params, phone_number_id: theirs.number.phone_number_id }),
      "forbidden",
    );
    expect(forged.details?.reason).toBe("number_not_confirmed");
    expect((await channelRow(theirs.number.phone_number_id))?.workspace_id).toBe(otherTeam.workspaceId);
    expect(fake.kapsoPlatform.webhooks.filter((w) => w.phone_number_id === theirs.number.phone_number_id)).toHaveLength(1);
  });

  it("accepts the older callback shape (customer_id and phone_number, no phone_number_id)", async () => {
    const admin = await contextFor(team.admin, team.workspaceId);
    const { url } = await startKapsoSetup(admin, { provisionPhoneNumber: false });
    const { params, number } = finishHostedSetup(url);
    const link = [...fake.kapsoPlatform.setupLinks.values()].find((l) => l.url === url);
    await completeKapsoSetup(admin, {
      state: params.state,
      customer_id: link?.customer_id,
      phone_number: number.display_phone_number.replace(/\D/g, ""),
    });
    expect((await channelRow(number.phone_number_id))?.provider).toBe("kapso");
  });

  it("failure redirect: explains Kapso's error code and accepts the older error parameter", async () => {
    const location = (query: string) =>
      failed.GET(new NextRequest(`http://localhost:3000/api/webhooks/kapso/failed?state=abc&${query}`)).headers.get("location");
    expect(location("error_code=phone_verification_failed")).toBe("/settings/whatsapp?error=phone_verification_failed");
    expect(location("error=waba_limit_reached&error_description=Limit")).toMatch(/error=waba_limit_reached$/);
    expect(location("error_code=%3Cscript%3E")).toMatch(/error=connect_failed$/);
    for (const code of [
      "facebook_auth_failed",
      "phone_verification_failed",
      "waba_limit_reached",
      "token_exchange_failed",
      "link_expired",
      "already_used",
    ]) {
      expect(location(`error_code=${code}`)).toBe(`/settings/whatsapp?error=${code}`);
    }
  });
});

/** A number the fake provider knows, with a fresh credential (a 360dialog key or a Meta token). */
function providerNumber(provider: "360dialog" | "meta", wabaId: string, displayPhoneNumber?: string) {
  const credential = provider === "meta" ? `EAAG${randomBytes(20).toString("hex")}` : `d360-${randomBytes(16).toString("hex")}`;
  const phoneNumberId = String(1e14 + Math.floor(Math.random() * 8e14));
  fake.addNumber({ provider, phoneNumberId, wabaId, credential, displayPhoneNumber });
  return { credential, phoneNumberId };
}

function testChannelOf(phoneNumberId: string, displayPhoneNumber: string) {
  return { id: "", workspaceId: "", phoneNumberId, displayPhoneNumber, secret: "", token: "", wabaId: "" };
}

describe("360dialog", () => {
  it("validates the key, points 360dialog's webhook at the channel's URL, stores the key encrypted", async () => {
    const { credential: apiKey, phoneNumberId } = providerNumber("360dialog", "301234567890123");
    const admin = await contextFor(team.admin, team.workspaceId);

    const result = await connectDialog360(admin, { apiKey, displayPhoneNumber: "+6281211112222" });
    const channel = await channelRow(phoneNumberId);
    expect(channel).toMatchObject({
      id: result.id,
      provider: "360dialog",
      waba_id: "301234567890123",
      credentials_last4: apiKey.slice(-4),
    });
    expect(fake.webhookUrlOf(phoneNumberId)).toBe(`http://localhost:3000/api/webhooks/360dialog/${channel?.webhook_token}`);
    expect(channel?.credentials_encrypted).not.toContain(apiKey);
    expect(readCredentials(channel?.credentials_encrypted ?? null)).toEqual({ apiKey });

    // Neither the action's result nor what the page lists carries the key; members cannot read it at all.
    const listed = await asUser(team.admin.claims, (tx) => listChannels(tx, team.workspaceId));
    expect(JSON.stringify([result, listed])).not.toContain(apiKey);
    expect(listed.find((c) => c.id === result.id)).toMatchObject({
      credentials_last4: apiKey.slice(-4),
      webhook_url: fake.webhookUrlOf(phoneNumberId),
    });
    await expect(
      asUser(team.admin.claims, (tx) => tx`select credentials_encrypted from public.whatsapp_channels where id = ${result.id}`),
    ).rejects.toMatchObject({ code: "42501" });
    const asAgent = await asUser(team.agent.claims, (tx) => listChannels(tx, team.workspaceId));
    expect(asAgent.find((c) => c.id === result.id)?.webhook_url).toBe("http://localhost:3000/api/webhooks/360dialog/");
  });

  it("refuses a key 360dialog does not accept, and saves nothing", async () => {
    const refused = await expectAppError(
      connectDialog360(await contextFor(team.admin, team.workspaceId), { apiKey: "not-a-real-key-123", displayPhoneNumber: null }),
      "invalid",
      /360dialog did not accept/,
    );
    expect(refused.message).not.toContain("not-a-real-key-123");
    const health = fake.requests.filter((r) => r.path === "/health_status" && r.headers["d360-api-key"] === "not-a-real-key-123");
    expect(health.map((r) => r.status)).toEqual([401]);
    expect(fake.requests.filter((r) => r.route === "webhook_config" && r.headers["d360-api-key"] === "not-a-real-key-123")).toHaveLength(0);
  });
});

describe("Meta direct", () => {
  it("checks the token against the Graph API, keeps the app secret as the webhook secret", async () => {
    const { credential: accessToken, phoneNumberId } = providerNumber("meta", "401234567890123", "+62 811-2222-3333");
    const admin = await contextFor(team.admin, team.workspaceId);

    await expectAppError(
      connectMetaNumber(admin, { phoneNumberId, wabaId: "401234567890123", accessToken: "EAAGwrong-token", appSecret: "app-secret-1" }),
      "invalid",
      /Meta did not accept/,
    );
    expect(await channelRow(phoneNumberId)).toBeUndefined();

    await connectMetaNumber(admin, { phoneNumberId, wabaId: "401234567890123", accessToken, appSecret: "app-secret-123" });
    const channel = await channelRow(phoneNumberId);
    expect(channel).toMatchObject({ provider: "meta", display_phone_number: "+62 811-2222-3333", webhook_secret: "app-secret-123" });
    expect(readCredentials(channel?.credentials_encrypted ?? null)).toEqual({ accessToken });
    const listed = await asUser(team.admin.claims, (tx) => listChannels(tx, team.workspaceId));
    expect(listed.find((c) => c.id === channel?.id)).toMatchObject({
      webhook_url: "http://localhost:3000/api/webhooks/meta",
      verify_token: channel?.webhook_token,
    });
  });

  it("refuses a number another workspace holds", async () => {
    const { credential: accessToken, phoneNumberId } = providerNumber("meta", "501234567890123");
    const input = { phoneNumberId, wabaId: "501234567890123", accessToken, appSecret: "app-secret-123" };
    await connectMetaNumber(await contextFor(otherTeam.owner, otherTeam.workspaceId), input);
    await expectAppError(connectMetaNumber(await contextFor(team.admin, team.workspaceId), input), "conflict", /another workspace/);
    expect((await channelRow(phoneNumberId))?.workspace_id).toBe(otherTeam.workspaceId);
  });
});

describe("disconnect", () => {
  it("stops routing and sending, keeps the conversations, and a reconnect brings the same channel back", async () => {
    const { credential: apiKey, phoneNumberId } = providerNumber("360dialog", "601234567890123");
    const admin = await contextFor(team.admin, team.workspaceId);
    const { id } = await connectDialog360(admin, { apiKey, displayPhoneNumber: null });
    const row = await channelRow(phoneNumberId);
    const inbound = await customerWrites(
      {
        id,
        workspaceId: team.workspaceId,
        phoneNumberId,
        displayPhoneNumber: "6281200000000",
        secret: row?.webhook_secret ?? "",
        token: "",
        wabaId: "",
      },
      { from: "6281277778888", text: "Halo" },
    );

    const actor = { workspaceId: team.workspaceId, userId: team.admin.id };
    await expectAppError(
      asUser(team.agent.claims, (tx) => disconnectChannel(tx, { workspaceId: team.workspaceId, userId: team.agent.id }, id)),
      "not_found",
    );
    await asUser(team.admin.claims, (tx) => disconnectChannel(tx, actor, id));

    expect((await channelRow(phoneNumberId))?.status).toBe("disconnected");
    expect(
      (
        await routeWebhook(
          { provider: "360dialog", routing: "path-token", pathToken: row?.webhook_token, phoneNumberIds: [], wabaIds: [] },
          { fresh: true },
        )
      ).routed,
    ).toEqual([]);
    expect(
      (await routeWebhook({ provider: "meta", routing: "ids", phoneNumberIds: [phoneNumberId], wabaIds: [] }, { fresh: true })).routed,
    ).toEqual([]);
    await expectAppError(
      asUser(team.admin.claims, (tx) =>
        sendText(tx, actor, { conversationId: inbound.conversationId, idempotencyKey: randomUUID(), text: "Masih ada?" }),
      ),
      "conflict",
      /disconnected/,
    );
    const [kept] = await asService(
      (tx) => tx`select count(*)::int as n from public.messages where conversation_id = ${inbound.conversationId}`,
    );
    expect(kept?.n).toBe(1);
    expect((await auditActions(team.workspaceId)).at(-1)).toMatchObject({ action: "channel.disconnected" });

    const again = await connectDialog360(admin, { apiKey, displayPhoneNumber: null });
    expect(again.id).toBe(id);
    expect((await channelRow(phoneNumberId))?.status).toBe("active");
  });
});

describe("send test message", () => {
  it("sends WhatsApp's hello_world template to the typed phone through the send queue", async () => {
    const { credential: accessToken, phoneNumberId } = providerNumber("meta", "701234567890123");
    const { id: channelId } = await connectMetaNumber(await contextFor(team.admin, team.workspaceId), {
      phoneNumberId,
      wabaId: "701234567890123",
      accessToken,
      appSecret: "app-secret-123",
    });
    const actor = { workspaceId: team.workspaceId, userId: team.admin.id };
    const idempotencyKey = randomUUID();
    const queued = await asUser(team.admin.claims, (tx) =>
      sendChannelTestMessage(tx, actor, { channelId, phoneE164: "+6281234500001", idempotencyKey }),
    );
    // A double click finds the same message.
    const again = await asUser(team.admin.claims, (tx) =>
      sendChannelTestMessage(tx, actor, { channelId, phoneE164: "+6281234500001", idempotencyKey }),
    );
    expect(again).toEqual({ id: queued.id, created: false });
    expect(await jobsFor(sendMessageJob.name, queued.id)).toHaveLength(1);
    expect((await asUser(team.admin.claims, (tx) => messageDelivery(tx, actor, queued.id))).status).toBe("pending");

    await workJob(sendMessageJob.name, queued.id, () => sendOutboundMessage(queued.id, { finalAttempt: false }));
    const [sent] = fake.sends(phoneNumberId);
    expect(sent?.json).toMatchObject({
      to: "6281234500001",
      type: "template",
      template: { name: "hello_world", language: { code: "en_US" } },
    });
    expect(await asUser(team.admin.claims, (tx) => messageDelivery(tx, actor, queued.id))).toMatchObject({ status: "sent", error: null });
  });
});

describe("credential encryption", () => {
  it("round-trips, uses a fresh IV each time, and refuses tampered ciphertext", () => {
    const secret = JSON.stringify({ apiKey: "k-1234567890" });
    const a = encryptSecret(secret);
    const b = encryptSecret(secret);
    expect(a).not.toBe(b);
    expect(a).not.toContain("1234567890");
    expect(decryptSecret(a)).toBe(secret);
    const parts = a.split(":");
    const body = Buffer.from(parts[3] ?? "", "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    expect(() => decryptSecret([parts[0], parts[1], parts[2], body.toString("base64url")].join(":"))).toThrow();
  });
});
