import { beforeAll, describe, expect, it } from "vitest";
import { failureGroups, getBroadcast } from "@/server/broadcasts/queries";
import { runBroadcast } from "@/server/broadcasts/run";
import { asService, asUser } from "@/server/db/client";
import { sendOutboundMessage } from "@/server/inbox/delivery";
import { sendMessageJob } from "@/server/inbox/jobs";
import { getConversation } from "@/server/inbox/queries";
import { metaStatus } from "../../scripts/webhooks/payloads";
import { answeredWamid, connectChannel, useFakeProvider, workJob } from "../support/fake-provider";
import { createTeam } from "../support/fixtures";
import { createChannel, customerWrites, deliverAndProcess, type TestChannel } from "../support/webhooks";
import { approvedTemplate, create, insertContacts, recipients } from "./support";

const fake = useFakeProvider();
let team: Awaited<ReturnType<typeof createTeam>>;
let channel: TestChannel;
let templateId: string;

beforeAll(async () => {
  team = await createTeam();
  channel = await createChannel({ provider: "meta", workspaceId: team.workspaceId });
  await connectChannel(fake, channel, "meta");
  templateId = (await approvedTemplate(team.workspaceId, channel.wabaId)).id;
});

function status(wamid: string, value: "sent" | "delivered" | "read" | "failed", recipient: string) {
  return deliverAndProcess(
    channel,
    "meta",
    metaStatus(
      { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber },
      { wamid, status: value, recipient },
    ),
  );
}

/** What the worker does: each queued send job runs, the fake provider answers a wamid. */
async function sendAll(messageIds: string[]) {
  const wamids = new Map<string, string>();
  for (const id of messageIds) {
    await workJob(sendMessageJob.name, id, () => sendOutboundMessage(id, { finalAttempt: false }));
    const [row] = await asService((tx) => tx<{ wamid: string }[]>`select wamid from public.messages where id = ${id}`);
    if (!row?.wamid) throw new Error("not sent");
    wamids.set(id, row.wamid);
  }
  return wamids;
}

describe("recipient states follow WhatsApp", () => {
  it("sent, delivered, read and failed (with WhatsApp's code) from the status webhooks; a reply marks replied; then completed", async () => {
    await asService(
      (tx) => tx`
        insert into public.webhook_subscriptions (workspace_id, url, events, secret_encrypted)
        values (${team.workspaceId}, 'https://hooks.example.com/b', '{broadcast.started,broadcast.completed}', 'v1:x:y:z')`,
    );
    const tag = `funnel-${Date.now()}`;
    const contacts = await insertContacts(
      team.workspaceId,
      Array.from({ length: 4 }, (_, i) => ({ tags: [tag], name: `Customer ${i}` })),
    );
    const { id } = await create(team.admin, team.workspaceId, {
      channelId: channel.id,
      templateId,
      csv: null,
      filter: { tags: [tag] },
      start: "now",
    });
    expect(await runBroadcast(id)).toBe("waiting");
    const queued = await recipients(id);
    const wamids = await sendAll(queued.map((r) => r.message_id as string));
    expect(
      fake.requests.filter((r) => r.route === "messages" && answeredWamid(r) && [...wamids.values()].includes(answeredWamid(r) as string)),
    ).toHaveLength(4);

    const [a, b, c, d] = queued;
    if (!a || !b || !c || !d) throw new Error("fixtures");
    const wamidOf = (r: typeof a) => wamids.get(r.message_id as string) as string;
    const to = (r: typeof a) => (r.phone as string).slice(1);
    await status(wamidOf(b), "delivered", to(b));
    await status(wamidOf(c), "delivered", to(c));
    await status(wamidOf(c), "read", to(c));
    await status(wamidOf(d), "failed", to(d));
    // A late "delivered" never moves a read recipient back.
    await status(wamidOf(c), "delivered", to(c));

    let rows = new Map((await recipients(id)).map((r) => [r.id, r]));
    expect(rows.get(a.id)?.state).toBe("sent");
    expect(rows.get(b.id)?.state).toBe("delivered");
    expect(rows.get(c.id)?.state).toBe("read");
    expect(rows.get(d.id)).toMatchObject({ state: "failed", failure_code: "131047", failure_reason: "Re-engagement message" });

    // The customer who read it answers: replied, in the conversation the broadcast started.
    await customerWrites(channel, { from: to(c), text: "Yes please!", at: new Date(Date.now() + 5000) });
    rows = new Map((await recipients(id)).map((r) => [r.id, r]));
    expect(rows.get(c.id)?.state).toBe("replied");
    // The inbox shows which broadcast started the conversation.
    const conversation = await asUser(team.agent.claims, (tx) => getConversation(tx, team.workspaceId, c.conversation_id as string));
    expect(conversation).toMatchObject({ broadcast_id: id, broadcast_name: expect.stringMatching(/^Broadcast-/) });
    // A read after the reply keeps it replied.
    await status(wamidOf(c), "read", to(c));
    expect((await recipients(id)).find((r) => r.id === c.id)?.state).toBe("replied");

    expect(await runBroadcast(id)).toBe("completed");
    const detail = await asUser(team.agent.claims, (tx) => getBroadcast(tx, team.workspaceId, id));
    expect(detail.state).toBe("completed");
    expect(detail.counts).toMatchObject({ total: 4, sent: 1, delivered: 1, read: 0, replied: 1, failed: 1, queued: 0 });
    const failures = await asUser(team.agent.claims, (tx) => failureGroups(tx, team.workspaceId, id));
    expect(failures).toEqual([{ state: "failed", code: "131047", reason: "Re-engagement message", count: 1 }]);

    const events = await asService(
      (tx) => tx<{ type: string }[]>`
        select type from public.webhook_outbox where workspace_id = ${team.workspaceId} and entity_id = ${id} order by seq`,
    );
    expect(events.map((e) => e.type)).toEqual(["broadcast.started", "broadcast.completed"]);
    expect(contacts).toHaveLength(4);
  });

  it("a customer who wrote before the broadcast reached them has not replied to it", async () => {
    const tag = `early-${Date.now()}`;
    const [contact] = await insertContacts(team.workspaceId, [{ tags: [tag] }]);
    const phone = String(contact?.phone_e164).slice(1);
    const { id } = await create(team.admin, team.workspaceId, {
      channelId: channel.id,
      templateId,
      csv: null,
      filter: { tags: [tag] },
      start: "now",
    });
    await runBroadcast(id);
    // Still queued (not sent yet): a message now is no reply to it.
    await customerWrites(channel, { from: phone, text: "Hello?" });
    expect((await recipients(id))[0]?.state).toBe("queued");
  });
});
