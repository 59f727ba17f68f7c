import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService, asUser } from "@/server/db/client";
import { sendChannelTestMessage } from "@/server/inbox/commands";
import { sendOutboundMessage } from "@/server/inbox/delivery";
import { sendMessageJob } from "@/server/inbox/jobs";
import { stopQueue } from "@/server/jobs/queue";
import { startKapsoSetup } from "@/server/whatsapp/channels/connect-kapso";
import { connectExistingKapsoNumber } from "@/server/whatsapp/channels/connect-kapso-existing";
import { openKapsoSetup } from "@/server/whatsapp/channels/kapso-setup-info";
import { listChannels } from "@/server/whatsapp/channels/queries";
import { readCredentials } from "@/server/whatsapp/providers/client";
import type { WorkspaceContext } from "@/server/workspaces/context";
import { listMyWorkspaces } from "@/server/workspaces/queries";
import { expectAppError } from "../support/app-error";
import { generatedNumber } from "../support/fake-kapso-platform";
import { type FakeProvider, startFakeProvider, workJob } from "../support/fake-provider";
import { createTeam, type TestUser } from "../support/fixtures";

let fake: FakeProvider;
let team: Awaited<ReturnType<typeof createTeam>>;
let otherTeam: Awaited<ReturnType<typeof createTeam>>;

async function contextFor(user: TestUser, workspaceId: string): Promise<WorkspaceContext> {
  const workspaces = await asUser(user.claims, (tx) => listMyWorkspaces(tx));
  const workspace = workspaces.find((w) => w.id === workspaceId);
  if (!workspace) throw new Error("not a member");
  return { claims: user.claims, workspace, workspaces };
}

const channelOf = (phoneNumberId: string) =>
  asService(
    (tx) =>
      tx<
        {
          id: string;
          workspace_id: string;
          provider: string;
          status: string;
          display_phone_number: string | null;
          waba_id: string | null;
          webhook_secret: string;
          credentials_encrypted: string | null;
          credentials_last4: string | null;
        }[]
      >`select * from public.whatsapp_channels where phone_number_id = ${phoneNumberId}`,
  ).then((rows) => rows[0]);

/** A number already on Kapso, in our project (no key) or in the project of `apiKey`; the send API knows it under the same key. */
function kapsoNumber(apiKey?: string, customerId?: string) {
  const number = generatedNumber();
  fake.kapsoPlatform.addExistingNumber({ ...number, customer_id: customerId ?? null }, apiKey);
  fake.addNumber({
    provider: "kapso",
    phoneNumberId: number.phone_number_id,
    wabaId: number.business_account_id,
    credential: apiKey ?? fake.kapsoPlatform.apiKey,
  });
  return number;
}

/** Sends the numbers page's test message through the queue and returns the request the fake received. */
async function sendTest(channelId: string, phoneNumberId: string) {
  const actor = { workspaceId: team.workspaceId, userId: team.admin.id };
  const queued = await asUser(team.admin.claims, (tx) =>
    sendChannelTestMessage(tx, actor, { channelId, phoneE164: "+6281234500002", idempotencyKey: randomUUID() }),
  );
  await workJob(sendMessageJob.name, queued.id, () => sendOutboundMessage(queued.id, { finalAttempt: false }));
  const sent = fake.sends(phoneNumberId).at(-1);
  expect(sent?.status).toBe(200);
  return sent;
}

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

describe("connecting an existing Kapso number", () => {
  it("with the workspace's own Kapso key: verified under that key, stored encrypted, shown by its last four, and used to send", async () => {
    const ownKey = `kapso-own-${randomBytes(8).toString("hex")}`;
    const number = kapsoNumber(ownKey);
    const admin = await contextFor(team.admin, team.workspaceId);
    const answer = await connectExistingKapsoNumber(admin, {
      phoneNumberId: number.phone_number_id,
      webhookSecret: "kapso-webhook-secret-1",
      apiKey: ownKey,
    });
    expect(answer.webhookUrl).toBe("http://localhost:3000/api/webhooks/kapso");
    expect(JSON.stringify(answer)).not.toContain(ownKey);

    const row = await channelOf(number.phone_number_id);
    expect(row).toMatchObject({
      id: answer.channelId,
      workspace_id: team.workspaceId,
      provider: "kapso",
      status: "active",
      waba_id: number.business_account_id,
      display_phone_number: number.display_phone_number,
      webhook_secret: "kapso-webhook-secret-1",
      credentials_last4: ownKey.slice(-4),
    });
    expect(row?.credentials_encrypted).not.toContain(ownKey);
    expect(readCredentials(row?.credentials_encrypted ?? null)).toEqual({ apiKey: ownKey });
    const listed = await asUser(team.admin.claims, (tx) => listChannels(tx, team.workspaceId));
    expect(JSON.stringify(listed)).not.toContain(ownKey);
    // The team sets the webhook in Kapso itself: the numbers page says to paste the URL there.
    expect(listed.find((c) => c.id === answer.channelId)).toMatchObject({ credentials_last4: ownKey.slice(-4), webhook_registered: false });

    const sent = await sendTest(answer.channelId, number.phone_number_id);
    expect(sent?.headers["x-api-key"]).toBe(ownKey);

    const [audit] = await asService(
      (tx) => tx<{ action: string; details: Record<string, unknown> }[]>`
        select action, details from public.audit_log where workspace_id = ${team.workspaceId} and target_id = ${answer.channelId}::text
        order by created_at desc limit 1`,
    );
    expect(audit).toMatchObject({ action: "channel.connected", details: { provider: "kapso" } });
    expect(JSON.stringify(audit)).not.toContain(ownKey);
  });

  it("without a key: verified with the server's Kapso project, sent with KAPSO_API_KEY; reconnecting brings the same channel back", async () => {
    const number = kapsoNumber();
    const admin = await contextFor(team.admin, team.workspaceId);
    const input = { phoneNumberId: number.phone_number_id, webhookSecret: "kapso-webhook-secret-2", apiKey: null };
    const { channelId } = await connectExistingKapsoNumber(admin, input);
    const row = await channelOf(number.phone_number_id);
    expect(row).toMatchObject({ credentials_encrypted: null, credentials_last4: null, webhook_secret: "kapso-webhook-secret-2" });

    const sent = await sendTest(channelId, number.phone_number_id);
    expect(sent?.headers["x-api-key"]).toBe(fake.kapsoPlatform.apiKey);

    const again = await connectExistingKapsoNumber(admin, { ...input, webhookSecret: "kapso-webhook-secret-3" });
    expect(again.channelId).toBe(channelId);
    expect((await channelOf(number.phone_number_id))?.webhook_secret).toBe("kapso-webhook-secret-3");
  });

  it("refuses a number Kapso does not know under the key given, and stores nothing", async () => {
    const ownKey = `kapso-own-${randomBytes(8).toString("hex")}`;
    const elsewhere = kapsoNumber(ownKey);
    const admin = await contextFor(team.admin, team.workspaceId);
    // The number is in the team's own project, not in the server's.
    await expectAppError(
      connectExistingKapsoNumber(admin, { phoneNumberId: elsewhere.phone_number_id, webhookSecret: "secret-secret", apiKey: null }),
      "invalid",
      /does not know this phone number ID/,
    );
    await expectAppError(
      connectExistingKapsoNumber(admin, {
        phoneNumberId: elsewhere.phone_number_id,
        webhookSecret: "secret-secret",
        apiKey: "not-a-kapso-key",
      }),
      "invalid",
      /did not accept these credentials/,
    );
    expect(await channelOf(elsewhere.phone_number_id)).toBeUndefined();
  });

  it("refuses a number another workspace holds, and one set up for another workspace's Kapso customer", async () => {
    const number = kapsoNumber();
    await connectExistingKapsoNumber(await contextFor(otherTeam.admin, otherTeam.workspaceId), {
      phoneNumberId: number.phone_number_id,
      webhookSecret: "secret-of-other",
      apiKey: null,
    });
    const admin = await contextFor(team.admin, team.workspaceId);
    await expectAppError(
      connectExistingKapsoNumber(admin, { phoneNumberId: number.phone_number_id, webhookSecret: "attacker-secret", apiKey: null }),
      "conflict",
      /another workspace/,
    );
    expect(await channelOf(number.phone_number_id)).toMatchObject({
      workspace_id: otherTeam.workspaceId,
      webhook_secret: "secret-of-other",
    });

    // The other workspace's setup link made it a Kapso customer; a number under that customer is not ours to take.
    await startKapsoSetup(await contextFor(otherTeam.admin, otherTeam.workspaceId), { provisionPhoneNumber: false });
    const [customer] = await asService(
      (tx) => tx<{ kapso_customer_id: string }[]>`
        select kapso_customer_id from public.kapso_customers where workspace_id = ${otherTeam.workspaceId}`,
    );
    const theirs = kapsoNumber(undefined, customer?.kapso_customer_id);
    await expectAppError(
      connectExistingKapsoNumber(admin, { phoneNumberId: theirs.phone_number_id, webhookSecret: "attacker-secret", apiKey: null }),
      "forbidden",
      /another Kapso customer/,
    );
    expect(await channelOf(theirs.phone_number_id)).toBeUndefined();
  });

  it("is for admins only", async () => {
    const number = kapsoNumber();
    await expectAppError(
      connectExistingKapsoNumber(await contextFor(team.agent, team.workspaceId), {
        phoneNumberId: number.phone_number_id,
        webhookSecret: "agent-secret",
        apiKey: null,
      }),
      "forbidden",
    );
    expect(await channelOf(number.phone_number_id)).toBeUndefined();
  });
});

describe("the setup link's expiry and Kapso customer", () => {
  it("come back from starting a setup and stay on the numbers page until the link is used", async () => {
    const admin = await contextFor(team.admin, team.workspaceId);
    const started = await startKapsoSetup(admin, { provisionPhoneNumber: false });
    const link = [...fake.kapsoPlatform.setupLinks.values()].find((l) => l.url === started.url);
    expect(started).toEqual({ url: link?.url, expiresAt: link?.expires_at, customerId: link?.customer_id });

    const open = await asUser(team.admin.claims, (tx) => openKapsoSetup(tx, team.workspaceId));
    expect(open).toEqual({ url: started.url, expires_at: new Date(link?.expires_at ?? 0), kapso_customer_id: started.customerId });
    // Members who are not admins see no setup links (RLS).
    expect(await asUser(team.agent.claims, (tx) => openKapsoSetup(tx, team.workspaceId))).toBeNull();

    await asService((tx) => tx`update public.kapso_setup_links set used_at = now() where url = ${started.url}`);
    expect(await asUser(team.admin.claims, (tx) => openKapsoSetup(tx, team.workspaceId))).toBeNull();
  });
});
