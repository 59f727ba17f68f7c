import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { audienceSize, readNumbers } from "@/server/broadcasts/audience";
import { cancelBroadcast, pauseBroadcast, resumeBroadcast } from "@/server/broadcasts/commands";
import { getBroadcast } from "@/server/broadcasts/queries";
import {
  broadcastRunJob,
  expandStep,
  QUEUE_AHEAD_SECONDS,
  queueStep,
  runBroadcast,
  STALLED_RUN_SECONDS,
  startDueBroadcasts,
  TOP_UP_SECONDS,
} from "@/server/broadcasts/run";
import { asService, asUser, db } from "@/server/db/client";
import { sendMessageJob } from "@/server/inbox/jobs";
import { jobsFor } from "../support/fake-provider";
import { createTeam } from "../support/fixtures";
import { createChannel, type TestChannel } from "../support/webhooks";
import { approvedTemplate, broadcastMessages, create, insertContacts, randomPhone, recipients } from "./support";

let team: Awaited<ReturnType<typeof createTeam>>;
let channel: TestChannel;
let templateId: string;

beforeAll(async () => {
  team = await createTeam();
  channel = await createChannel({ workspaceId: team.workspaceId });
  templateId = (await approvedTemplate(team.workspaceId, channel.wabaId)).id;
});

const base = () => ({ channelId: channel.id, templateId, csv: null, filter: null, start: "now" as const });

async function broadcastRow(id: string) {
  const [row] = await asService(
    (tx) => tx<{ state: string; duplicate_count: number; expanded_at: Date | null }[]>`
      select state, duplicate_count, expanded_at from public.broadcasts where id = ${id}`,
  );
  return row;
}

describe("audience", () => {
  it("takes the filter's contacts and the CSV's numbers once each, excludes and counts the opted out, skips what cannot be sent", async () => {
    const tag = `vip-${Date.now()}`;
    const [siti, optedOut, , noPhone, lead] = await insertContacts(team.workspaceId, [
      { name: "Siti Rahma", tags: [tag], custom: { code: "SITI10" } },
      { name: "Opted Out", tags: [tag], optedOut: true },
      { name: "Other tag", tags: ["other"] },
      { name: "Username only", tags: [tag], phone: null },
      { name: "Qualified lead", tags: [tag], status: "qualified" },
    ]);
    if (!siti?.phone_e164 || !optedOut || !noPhone || !lead?.phone_e164) throw new Error("fixtures");
    const newNumber = randomPhone();
    // The CSV repeats Siti (in the filter already), has a number twice, and a cell that is no number.
    const csv = readNumbers([siti.phone_e164, newNumber, newNumber.replace("+62", "0"), "call me"], "ID");
    expect(csv).toEqual({ phones: [siti.phone_e164, newNumber], invalid: ["call me"], duplicates: 1 });

    const filter = { tags: [tag], statuses: ["new"] };
    const size = await asUser(team.admin.claims, (tx) => audienceSize(tx, team.workspaceId, { filter, csvPhones: csv.phones }));
    expect(size).toEqual({ total: 4, optedOut: 1, noPhone: 1, sendable: 2 });

    const { id } = await create(team.admin, team.workspaceId, { ...base(), filter, csv });
    expect(await runBroadcast(id)).toBe("waiting");

    const rows = await recipients(id);
    const byPhone = new Map(rows.map((r) => [r.phone, r]));
    expect(rows).toHaveLength(5);
    expect(byPhone.get(siti.phone_e164)).toMatchObject({ state: "queued", parameters: { "body.1": "Siti", "body.2": "SITI10" } });
    expect(byPhone.get(newNumber)).toMatchObject({ state: "queued", parameters: { "body.1": "there", "body.2": "WELCOME" } });
    expect(rows.find((r) => r.contact_id === optedOut.id)).toMatchObject({ state: "skipped", skip_reason: "opted_out", message_id: null });
    expect(rows.find((r) => r.contact_id === noPhone.id)).toMatchObject({ state: "skipped", skip_reason: "no_phone", message_id: null });
    expect(byPhone.get("call me")).toMatchObject({ state: "skipped", skip_reason: "invalid_number" });
    expect(rows.some((r) => r.phone === lead.phone_e164)).toBe(false);
    expect((await broadcastRow(id))?.duplicate_count).toBe(1);

    // The CSV's unknown number became a contact with a conversation on the broadcast's number, marked with it.
    const [conversation] = await asService(
      (tx) => tx<{ broadcast_id: string; channel_id: string; source: string }[]>`
        select c.broadcast_id, c.channel_id, k.source from public.conversations c
        join public.contacts k on k.id = c.contact_id where c.id = ${byPhone.get(newNumber)?.conversation_id ?? null}`,
    );
    expect(conversation).toEqual({ broadcast_id: id, channel_id: channel.id, source: "broadcast" });

    // One template message per sendable recipient, each with exactly one send job.
    const messages = await broadcastMessages(id);
    expect(messages).toHaveLength(2);
    const sitiMessage = messages.find((m) => m.id === byPhone.get(siti.phone_e164)?.message_id);
    expect(sitiMessage?.body).toBe("Hi Siti, your code is SITI10.\n\nReply STOP to opt out");
    expect(sitiMessage?.content).toMatchObject({
      type: "template",
      template: { language: { code: "en_US" }, components: [{ type: "body", parameters: [{ text: "Siti" }, { text: "SITI10" }] }] },
    });
    for (const message of messages) expect(await jobsFor(sendMessageJob.name, message.id)).toHaveLength(1);
  });

  it("custom fields, owner and dates narrow the filter", async () => {
    const tag = `seg-${Date.now()}`;
    const [gold] = await insertContacts(team.workspaceId, [
      { tags: [tag], custom: { tier: "gold" } },
      { tags: [tag], custom: { tier: "silver" } },
    ]);
    const filter = { tags: [tag], custom: [{ key: "tier", value: "gold" }], owner: "none" as const, createdFrom: "2020-01-01" };
    const size = await asUser(team.admin.claims, (tx) => audienceSize(tx, team.workspaceId, { filter, csvPhones: [] }));
    expect(size.total).toBe(1);
    const { id } = await create(team.admin, team.workspaceId, { ...base(), filter });
    await runBroadcast(id);
    expect((await recipients(id)).map((r) => r.contact_id)).toEqual([gold?.id]);
  });
});

describe("surviving a crash", () => {
  it("expansion and queuing run twice (progress lost, or two workers at once) send every recipient exactly once", async () => {
    const tag = `crash-${Date.now()}`;
    await insertContacts(
      team.workspaceId,
      Array.from({ length: 7 }, () => ({ tags: [tag] })),
    );
    const csv = readNumbers([randomPhone(), randomPhone(), randomPhone()], "ID");
    const { id } = await create(team.admin, team.workspaceId, { ...base(), filter: { tags: [tag] }, csv });

    // A worker dies after two committed batches of three...
    expect(await expandStep(id, 3)).toBe("more");
    expect(await expandStep(id, 3)).toBe("more");
    expect(await recipients(id)).toHaveLength(6);
    expect(await queueStep(id, 2)).toBe("more");
    // ...and, worse, its progress is lost: the audience is expanded again from the start.
    await asService(
      (tx) => tx`update public.broadcasts set expanded_contact_id = null, expanded_filter = false, expanded_csv = 0 where id = ${id}`,
    );
    // Two workers resume it side by side.
    await Promise.all([runBroadcast(id), runBroadcast(id)]);
    await runBroadcast(id);

    const rows = await recipients(id);
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.state === "queued" && r.message_id)).toBe(true);
    const messages = await broadcastMessages(id);
    expect(messages).toHaveLength(10);
    expect(new Set(messages.map((m) => m.idempotency_key)).size).toBe(10);
    for (const message of messages) expect(await jobsFor(sendMessageJob.name, message.id)).toHaveLength(1);
  });
});

describe("queued a few seconds ahead of each number", () => {
  it("broadcasts on two numbers each get their number's next seconds of messages at once, and more as those leave", async () => {
    const numbers = await Promise.all([1, 2].map(() => createChannel({ workspaceId: team.workspaceId, wabaId: channel.wabaId })));
    // Two messages a second: each broadcast keeps QUEUE_AHEAD_SECONDS × 2 messages queued and unsent.
    await asService(
      (tx) => tx`update public.whatsapp_channels set send_rate = 2 where id = any(${tx.array(numbers.map((n) => n.id))}::uuid[])`,
    );
    const ahead = 2 * QUEUE_AHEAD_SECONDS;
    const ids = await Promise.all(
      numbers.map(async (number) => {
        const csv = readNumbers(
          Array.from({ length: ahead + 3 }, () => randomPhone()),
          "ID",
        );
        return (await create(team.admin, team.workspaceId, { ...base(), channelId: number.id, csv })).id;
      }),
    );
    const [first, second] = ids as [string, string];

    expect(await Promise.all(ids.map((id) => runBroadcast(id)))).toEqual(["ahead", "ahead"]);
    expect(await broadcastMessages(first)).toHaveLength(ahead);
    expect(await broadcastMessages(second)).toHaveLength(ahead);
    // Nothing left: no more yet.
    expect(await runBroadcast(first)).toBe("ahead");
    expect(await broadcastMessages(first)).toHaveLength(ahead);

    // Two of the first number's messages leave (WhatsApp has them): two more are queued, the second broadcast stays as it was.
    const leaving = (await broadcastMessages(first)).slice(0, 2).map((m) => m.id);
    await asService(
      (tx) => tx`update public.messages set status = 'sent', wamid = 'wamid.' || id::text where id = any(${tx.array(leaving)}::uuid[])`,
    );
    expect(await runBroadcast(first)).toBe("ahead");
    expect(await broadcastMessages(first)).toHaveLength(ahead + 2);
    expect(await broadcastMessages(second)).toHaveLength(ahead);
  });

  it("the run job of a broadcast queued ahead tops it up again a second later", async () => {
    const number = await createChannel({ workspaceId: team.workspaceId, wabaId: channel.wabaId });
    await asService((tx) => tx`update public.whatsapp_channels set send_rate = 1 where id = ${number.id}`);
    const csv = readNumbers(
      Array.from({ length: QUEUE_AHEAD_SECONDS + 1 }, () => randomPhone()),
      "ID",
    );
    const { id } = await create(team.admin, team.workspaceId, { ...base(), channelId: number.id, csv });
    // The job creating it queued is the one running (a worker fetched it).
    await db()`update pgboss.job set state = 'active', started_on = now() where name = ${broadcastRunJob.name} and singleton_key = ${id}`;
    await broadcastRunJob.run({ broadcastId: id }, { jobId: randomUUID(), retryCount: 0, finalAttempt: false });
    const queued = await db()<{ state: string; in_seconds: number }[]>`
      select state, extract(epoch from start_after - created_on)::float8 as in_seconds from pgboss.job
      where name = ${broadcastRunJob.name} and singleton_key = ${id} and state = 'created'`;
    expect(queued).toHaveLength(1);
    expect(queued[0]?.in_seconds).toBeGreaterThan(0);
    expect(queued[0]?.in_seconds).toBeLessThanOrEqual(TOP_UP_SECONDS);
  });
});

describe("pause, resume, cancel, schedule", () => {
  it("pausing stops new messages; resuming queues the rest", async () => {
    const tag = `pause-${Date.now()}`;
    await insertContacts(
      team.workspaceId,
      Array.from({ length: 5 }, () => ({ tags: [tag] })),
    );
    const { id } = await create(team.admin, team.workspaceId, { ...base(), filter: { tags: [tag] } });
    while ((await expandStep(id)) === "more");
    await queueStep(id, 2);
    await asUser(team.admin.claims, (tx) => pauseBroadcast(tx, { workspaceId: team.workspaceId, userId: team.admin.id }, id));
    expect(await queueStep(id, 2)).toBe("stopped");
    expect(await runBroadcast(id)).toBe("stopped");
    expect(await broadcastMessages(id)).toHaveLength(2);

    await asUser(team.admin.claims, (tx) => resumeBroadcast(tx, { workspaceId: team.workspaceId, userId: team.admin.id }, id));
    expect(await jobsFor(broadcastRunJob.name, id)).not.toHaveLength(0);
    await runBroadcast(id);
    expect(await broadcastMessages(id)).toHaveLength(5);
  });

  it("cancelling keeps what was queued, skips the rest, and is audited", async () => {
    const tag = `cancel-${Date.now()}`;
    await insertContacts(
      team.workspaceId,
      Array.from({ length: 4 }, () => ({ tags: [tag] })),
    );
    const { id } = await create(team.admin, team.workspaceId, { ...base(), filter: { tags: [tag] } });
    while ((await expandStep(id)) === "more");
    await queueStep(id, 1);
    await asUser(team.admin.claims, (tx) => cancelBroadcast(tx, { workspaceId: team.workspaceId, userId: team.admin.id }, id));
    expect(await runBroadcast(id)).toBe("stopped");
    const rows = await recipients(id);
    expect(rows.filter((r) => r.state === "skipped" && r.skip_reason === "cancelled")).toHaveLength(3);
    expect(await broadcastMessages(id)).toHaveLength(1);
    const [audit] = await asService(
      (tx) => tx<{ action: string; actor_id: string }[]>`
        select action, actor_id from public.audit_log where workspace_id = ${team.workspaceId} and target_id = ${id}
        and action = 'broadcast.cancelled'`,
    );
    expect(audit).toEqual({ action: "broadcast.cancelled", actor_id: team.admin.id });
    await expect(
      asUser(team.admin.claims, (tx) => resumeBroadcast(tx, { workspaceId: team.workspaceId, userId: team.admin.id }, id)),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("a scheduled broadcast waits for its time, then the minute's tick starts it", async () => {
    const tag = `later-${Date.now()}`;
    await insertContacts(team.workspaceId, [{ tags: [tag] }]);
    const at = new Date(Date.now() + 3600_000);
    const { id, state } = await create(team.admin, team.workspaceId, { ...base(), filter: { tags: [tag] }, start: at });
    expect(state).toBe("scheduled");
    expect(await runBroadcast(id)).toBe("stopped");
    expect(await startDueBroadcasts(new Date(at.getTime() - 60_000))).not.toContain(id);
    expect(await startDueBroadcasts(new Date(at.getTime() + 1000))).toContain(id);
    expect((await broadcastRow(id))?.state).toBe("sending");
    expect(await jobsFor(broadcastRunJob.name, id)).toHaveLength(1);
    await runBroadcast(id);
    expect(await broadcastMessages(id)).toHaveLength(1);
  });

  it("a run job a killed worker held is put back by the minute's tick, and the run resumes from its committed batches", async () => {
    const tag = `killed-${Date.now()}`;
    await insertContacts(team.workspaceId, [{ tags: [tag] }, { tags: [tag] }]);
    const { id } = await create(team.admin, team.workspaceId, { ...base(), filter: { tags: [tag] } });
    const [job] = await jobsFor(broadcastRunJob.name, id);
    if (!job) throw new Error("the broadcast has no run job");
    // As a worker killed mid-run leaves it: taken, never finished. Younger than the limit, it is left alone.
    const take = (secondsAgo: number) =>
      db()`update pgboss.job set state = 'active', started_on = now() - make_interval(secs => ${secondsAgo}) where id = ${job.id}`;
    await take(STALLED_RUN_SECONDS - 30);
    await startDueBroadcasts();
    expect((await jobsFor(broadcastRunJob.name, id)).map((j) => j.state)).toEqual(["active"]);
    await take(STALLED_RUN_SECONDS + 30);
    await startDueBroadcasts();
    expect((await jobsFor(broadcastRunJob.name, id)).map((j) => j.state)).toEqual(["retry"]);
    await runBroadcast(id);
    expect(await broadcastMessages(id)).toHaveLength(2);
  });

  it("a template with an unfilled placeholder or one not approved is refused", async () => {
    await expect(
      create(team.admin, team.workspaceId, {
        ...base(),
        filter: {},
        parameters: { "body.1": { source: "literal", value: "Hi" } },
      }),
    ).rejects.toMatchObject({ code: "invalid" });
    const pending = await approvedTemplate(team.workspaceId, channel.wabaId, { status: "PENDING" });
    await expect(create(team.admin, team.workspaceId, { ...base(), filter: {}, templateId: pending.id })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("counts", () => {
  it("a broadcast's counts are its recipients per state", async () => {
    const tag = `count-${Date.now()}`;
    await insertContacts(team.workspaceId, [{ tags: [tag] }, { tags: [tag], optedOut: true }]);
    const { id } = await create(team.admin, team.workspaceId, { ...base(), filter: { tags: [tag] } });
    await runBroadcast(id);
    const detail = await asUser(team.agent.claims, (tx) => getBroadcast(tx, team.workspaceId, id));
    expect(detail.counts).toMatchObject({ total: 2, queued: 1, skipped: 1, sent: 0 });
  });
});
