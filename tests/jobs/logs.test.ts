import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { asService, asUser, db } from "@/server/db/client";
import { toErrorResult } from "@/server/errors";
import { sendText } from "@/server/inbox/commands";
import { handleWebhookPost } from "@/server/ingest/webhook-route";
import { createSubscription } from "@/server/outhooks/subscriptions";
import { startJobWorker } from "@/server/worker/start";
import { metaInboundText } from "../../scripts/webhooks/payloads";
import { connectChannel, GRAPH_ERRORS, useFakeProvider } from "../support/fake-provider";
import { createTeam, unique } from "../support/fixtures";
import { captureLogs } from "../support/logs";
import { useScratchDatabase } from "../support/scratch-database";
import { startReceiver } from "../support/webhook-receiver";
import { createChannel, customerWrites } from "../support/webhooks";

// The real worker runs here, on a database of this file's own: it must not take other files' jobs.
useScratchDatabase();
const fake = useFakeProvider();
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let logs: ReturnType<typeof captureLogs>;

beforeAll(() => {
  logs = captureLogs("debug");
});

afterAll(async () => {
  logs.stop();
  await receiver?.close();
});

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it("a run of real work logs what happened, in which job or request, and never a secret or a message's text", async () => {
  await startJobWorker();
  const team = await createTeam();
  const channel = await createChannel({ provider: "meta", workspaceId: team.workspaceId });
  const providerKey = await connectChannel(fake, channel, "meta");
  // A customer's endpoint that fails the first delivery and echoes what it was sent in its error page.
  let signingSecret = "";
  receiver = await startReceiver({ script: [500, 200], echo: true, secret: () => signingSecret });
  const subscription = await asUser(team.admin.claims, (tx) =>
    createSubscription(tx, { workspaceId: team.workspaceId, userId: team.admin.id }, { url: receiver.url, events: ["message.received"] }),
  );
  signingSecret = subscription.secret;

  // The customer writes; the event goes out to the subscription (first attempt refused with the payload echoed).
  const inboundText = `Inbound words ${randomUUID()}`;
  const from = `62812${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;
  const inbound = await customerWrites(channel, { from, text: inboundText });
  await until(async () => receiver.received.length > 0, "the outbound webhook");

  // A forged copy of that webhook reaches the route: refused under the request's id.
  const requestId = `req-${randomUUID()}`;
  const forged = await handleWebhookPost(
    new Request("http://localhost/api/webhooks/meta", {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": `sha256=${"0".repeat(64)}`, "x-request-id": requestId },
      body: JSON.stringify(
        metaInboundText({ phoneNumberId: channel.phoneNumberId, displayPhoneNumber: "15550783881" }, { from, text: inboundText }),
      ),
    }),
    "meta",
  );
  expect(forged.status).toBe(401);

  // An agent answers; the provider refuses the first try (retried by the worker), then sends.
  fake.failNext(1, GRAPH_ERRORS.serviceUnavailable, { route: "messages" });
  const replyText = `Reply words ${randomUUID()}`;
  const reply = await asUser(team.agent.claims, (tx) =>
    sendText(
      tx,
      { workspaceId: team.workspaceId, userId: team.agent.id },
      { conversationId: inbound.conversationId, idempotencyKey: unique("key"), text: replyText },
    ),
  );
  await until(async () => {
    const [row] = await asService((tx) => tx<{ status: string }[]>`select status from public.messages where id = ${reply.id}`);
    return row?.status === "sent";
  }, "the reply to be sent");

  // An unexpected database error whose detail quotes the refused row, message text included.
  const refused = await db()
    .begin(async (tx) => {
      await tx`create temporary table refused_rows (body text not null check (length(body) < 10)) on commit drop`;
      await tx`insert into refused_rows values (${replyText})`;
    })
    .catch((error: unknown) => error);
  expect(String((refused as { detail?: string }).detail)).toContain(replyText);
  toErrorResult(refused);

  logs.stop();
  const entries = logs.entries();
  const text = logs.text();
  // The run was logged, with its context: the send job's failed try, the delivery's, the refused request.
  expect(entries).toContainEqual(expect.objectContaining({ job: "outbound.send", msg: "job failed; it will be retried" }));
  expect(entries).toContainEqual(expect.objectContaining({ job: "outbound.send", msg: "job done" }));
  expect(entries).toContainEqual(expect.objectContaining({ job: "webhooks.deliver", msg: "job failed; it will be retried" }));
  expect(entries).toContainEqual(expect.objectContaining({ requestId, msg: "webhook refused" }));
  expect(entries).toContainEqual(expect.objectContaining({ msg: "unexpected error", err: expect.objectContaining({ code: "23514" }) }));
  for (const secret of [providerKey, channel.secret, channel.token, signingSecret, process.env.AUTH_SECRET, inboundText, replyText]) {
    expect(secret).toBeTruthy();
    expect(text).not.toContain(secret);
  }
});
