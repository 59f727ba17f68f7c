import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { asService, db } from "@/server/db/client";
import { DOUBT_MINUTES, type SendOutcome, sendOutboundMessage } from "@/server/inbox/delivery";
import { readMessagingLimit } from "@/server/whatsapp/sending/limits";
import { metaStatus } from "../../scripts/webhooks/payloads";
import {
  answeredWamid,
  connectChannel,
  GRAPH_ERRORS,
  type RecordedRequest,
  type ScriptedFailure,
  useFakeProvider,
} from "../support/fake-provider";
import { createTeam } from "../support/fixtures";
import { createChannel, customerWrites, deliverAndProcess, type TestChannel } from "../support/webhooks";

/**
 * The sender against the fake Cloud API: per-number pace, conversation
 * order, WhatsApp's slow-down and per-user refusals, the messaging-limit
 * tier, and a crash between WhatsApp's answer and recording it. Counts, not
 * timings: the fake records what arrived and when, and each test asserts
 * how many arrived together.
 */

const fake = useFakeProvider();
let workspaceId: string;

beforeAll(async () => {
  workspaceId = (await createTeam()).workspaceId;
});

async function newNumber(options: { sendRate?: number } = {}): Promise<TestChannel> {
  const channel = await createChannel({ provider: "meta", workspaceId });
  await connectChannel(fake, channel, "meta");
  if (options.sendRate)
    await asService((tx) => tx`update public.whatsapp_channels set send_rate = ${options.sendRate ?? 80} where id = ${channel.id}`);
  return channel;
}

const phone = () => `62813${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;

/** A contact and their conversation on the number, as a broadcast or the API creates them. */
async function newConversation(channel: TestChannel): Promise<string> {
  const digits = phone();
  const [conversation] = await asService(
    (tx) => tx<{ id: string }[]>`
      with contact as (
        insert into public.contacts (workspace_id, phone_e164, wa_id) values (${workspaceId}, ${`+${digits}`}, ${digits}) returning id)
      insert into public.conversations (workspace_id, channel_id, contact_id) select ${workspaceId}, ${channel.id}, id from contact
      returning id`,
  );
  if (!conversation) throw new Error("no conversation");
  return conversation.id;
}

/** A pending outbound message (a template unless `type` says otherwise), one after another in its conversation. */
async function queueMessage(conversationId: string, body: string, type: "template" | "text" = "template"): Promise<string> {
  const content =
    type === "template" ? { type, template: { name: "promo", language: { code: "id" } } } : { type, text: { body, preview_url: false } };
  const [row] = await asService(
    (tx) => tx<{ id: string }[]>`
      insert into public.messages (workspace_id, conversation_id, direction, type, body, content, status, sender_type)
      values (${workspaceId}, ${conversationId}, 'outbound', ${type}, ${body}, ${tx.json(content)}, 'pending', 'api')
      returning id`,
  );
  if (!row) throw new Error("no message");
  return row.id;
}

interface Row {
  status: string;
  wamid: string | null;
  send_attempts: number;
  send_claimed_at: Date | null;
  error: { code?: number; title?: string; message?: string } | null;
}

async function row(id: string): Promise<Row> {
  const [found] = await asService(
    (tx) => tx<Row[]>`select status, wamid, send_attempts, send_claimed_at, error from public.messages where id = ${id}`,
  );
  if (!found) throw new Error(`no message ${id}`);
  return found;
}

/**
 * What the worker does with many jobs side by side: every message's job
 * runs at once; the ones that must wait their turn (deferred) run again
 * once the round is over, until none is deferred. Returns each message's
 * outcomes in order.
 */
async function sendAll(ids: string[]): Promise<Map<string, SendOutcome[]>> {
  const outcomes = new Map<string, SendOutcome[]>(ids.map((id) => [id, []]));
  let round = ids;
  for (let i = 0; round.length > 0 && i < 50; i++) {
    const results = await Promise.all(round.map((id) => sendOutboundMessage(id, { finalAttempt: false })));
    for (const [n, id] of round.entries()) outcomes.get(id)?.push(results[n] as SendOutcome);
    round = round.filter((_, n) => results[n] === "deferred");
  }
  return outcomes;
}

/** The message a send request carried (our id in biz_opaque_callback_data). */
const messageOf = (request: RecordedRequest) => request.json?.biz_opaque_callback_data as string;

const graphError = (code: number, message: string): ScriptedFailure => ({
  status: 400,
  body: { error: { message, type: "OAuthException", code, error_data: { messaging_product: "whatsapp", details: message } } },
});

async function pace(channelId: string) {
  const [found] = await asService(
    (tx) => tx<{ slowed_rate: number | null; slowed_until: Date | null }[]>`
      select slowed_rate, slowed_until from private.channel_send_pace where channel_id = ${channelId}`,
  );
  return found;
}

describe("order within a conversation", () => {
  it("sends a conversation's messages one at a time, oldest first, even when their jobs run side by side", async () => {
    const channel = await newNumber();
    const conversationId = await newConversation(channel);
    const ids: string[] = [];
    for (const body of ["satu", "dua", "tiga", "empat", "lima"]) ids.push(await queueMessage(conversationId, body, "text"));
    // Another conversation on the number is not held back by this one.
    const other = await queueMessage(await newConversation(channel), "lain", "text");

    let inFlight = 0;
    let mostInFlight = 0;
    fake.beforeReply = async (request) => {
      if (request.route !== "messages" || messageOf(request) === other) return;
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 30));
      inFlight--;
    };
    const outcomes = await sendAll([...ids].reverse().concat(other));

    const sent = fake.sends(channel.phoneNumberId).map(messageOf);
    expect(sent.filter((id) => id !== other)).toEqual(ids);
    expect(mostInFlight).toBe(1);
    expect(outcomes.get(other)).toEqual(["sent"]);
    // The youngest waited for each of the four before it.
    expect(outcomes.get(ids[4] as string)?.filter((o) => o === "deferred")).toHaveLength(4);
    for (const id of ids) expect(await row(id)).toMatchObject({ status: "sent", send_attempts: 1, send_claimed_at: null });
  });
});

describe("many sends in flight", () => {
  it("sends a hundred messages side by side, claiming and recording them a batch per statement", async () => {
    const numbers = [await newNumber({ sendRate: 1000 }), await newNumber({ sendRate: 1000 })];
    const ids = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => queueMessage(await newConversation(numbers[i % 2] as TestChannel), "promo")),
    );
    let arrived = 0;
    let release = () => {};
    const allArrived = new Promise<void>((resolve) => {
      release = resolve;
    });
    let atFullHouse: { claimed: number; claimTransactions: number } | undefined;
    fake.beforeReply = async (request) => {
      if (request.route !== "messages") return;
      arrived++;
      if (arrived === ids.length) {
        // Every request is out and none answered: each claim committed before its request, none recorded yet.
        // A claim's time is its transaction's start, so the distinct times count the claim transactions.
        const [found] = await asService(
          (tx) => tx<{ claimed: number; claim_transactions: number }[]>`
            select count(send_claimed_at)::int as claimed, count(distinct send_claimed_at)::int as claim_transactions
            from public.messages where id = any(${tx.array(ids)}::uuid[])`,
        );
        atFullHouse = { claimed: found?.claimed ?? 0, claimTransactions: found?.claim_transactions ?? 0 };
        release();
      }
      // The fake holds every answer until the hundredth request arrives (or gives up after 20 s).
      await Promise.race([allArrived, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    };
    const outcomes = await Promise.all(ids.map((id) => sendOutboundMessage(id, { finalAttempt: false })));

    expect(arrived).toBe(100);
    expect(outcomes.every((o) => o === "sent")).toBe(true);
    expect(atFullHouse?.claimed).toBe(100);
    // One claim transaction per message would make 100.
    expect(atFullHouse?.claimTransactions).toBeLessThanOrEqual(10);
    // The wamids were recorded a batch per transaction: rows written by one transaction share its xmin.
    const [written] = await asService(
      (tx) => tx<{ transactions: number; sent: number }[]>`
        select count(distinct xmin::text)::int as transactions, count(*) filter (where status = 'sent' and wamid is not null)::int as sent
        from public.messages where id = any(${tx.array(ids)}::uuid[])`,
    );
    expect(written?.sent).toBe(100);
    expect(written?.transactions).toBeLessThanOrEqual(10);
    expect(new Set(fake.requests.filter((r) => r.route === "messages").map(messageOf)).size).toBe(100);
  });
});

describe("a number's pace", () => {
  it("sends no more than the number's rate in any second, across concurrent sends", async () => {
    const channel = await newNumber({ sendRate: 5 });
    const ids = await Promise.all(Array.from({ length: 15 }, async () => queueMessage(await newConversation(channel), "promo")));
    const arrivals: number[] = [];
    fake.beforeReply = (request) => {
      if (request.route === "messages") arrivals.push(performance.now());
    };
    await sendAll(ids);

    expect(arrivals).toHaveLength(15);
    // Sends in any one-second window (sliding, from each arrival): the rate, plus one for a window's two edges and
    // one for a slot delayed by this busy process (the fake runs in it). Without the pace all 15 arrive at once.
    const inWindow = arrivals.map((start) => arrivals.filter((at) => at >= start && at < start + 1000).length);
    expect(Math.max(...inWindow)).toBeLessThanOrEqual(7);
    for (const id of ids) expect((await row(id)).status).toBe("sent");
  });

  it("slows the number on 130429 and sends the message again later, once, without counting a failed attempt", async () => {
    const channel = await newNumber();
    const id = await queueMessage(await newConversation(channel), "promo");
    fake.failNext(1, GRAPH_ERRORS.rateLimited, { route: "messages" });
    const deferrals: number[] = [];
    const defer = async (seconds: number) => {
      deferrals.push(seconds);
    };

    expect(await sendOutboundMessage(id, { finalAttempt: false, defer })).toBe("deferred");
    expect(deferrals).toHaveLength(1);
    expect(deferrals[0]).toBeGreaterThan(0);
    expect(await row(id)).toMatchObject({ status: "pending", wamid: null, send_attempts: 0, send_claimed_at: null, error: null });
    const slowed = await pace(channel.id);
    expect(slowed?.slowed_rate).toBe(40);
    expect(slowed?.slowed_until?.getTime()).toBeGreaterThan(Date.now());

    // Even on what would be the job's last attempt: the slow-down did not use one.
    expect(await sendOutboundMessage(id, { finalAttempt: true, defer })).toBe("sent");
    expect(fake.sends(channel.phoneNumberId).map((r) => r.status)).toEqual([429, 200]);
    expect(await row(id)).toMatchObject({ status: "sent", send_attempts: 1 });

    // Another slow-down while slowed halves the slowed rate again.
    const next = await queueMessage(await newConversation(channel), "promo");
    fake.failNext(1, graphError(131048, "(#131048) Spam rate limit hit"), { route: "messages" });
    expect(await sendOutboundMessage(next, { finalAttempt: false, defer })).toBe("deferred");
    expect((await pace(channel.id))?.slowed_rate).toBe(20);
  });

  it("marks a recipient failed with WhatsApp's reason on 131049 and 131050, and goes on with the others", async () => {
    const channel = await newNumber();
    const [engagement, stopped, fine] = await Promise.all(
      ["a", "b", "c"].map(async (body) => queueMessage(await newConversation(channel), body)),
    );
    fake.failNext(1, graphError(131049, "(#131049) This message was not delivered to maintain healthy ecosystem engagement."), {
      route: "messages",
    });
    fake.failNext(
      1,
      graphError(131050, "(#131050) Unable to deliver the message. This recipient has chosen to stop receiving marketing messages."),
      {
        route: "messages",
      },
    );
    const outcomes = await sendAll([engagement, stopped, fine] as string[]);

    expect([...outcomes.values()].flat().sort()).toEqual(["failed", "failed", "sent"]);
    const failed = await Promise.all([engagement, stopped, fine].map((id) => row(id as string)));
    expect(
      failed
        .filter((r) => r.status === "failed")
        .map((r) => r.error?.code)
        .sort(),
    ).toEqual([131049, 131050]);
    expect(failed.find((r) => r.error?.code === 131050)?.error?.message).toMatch(/stop receiving marketing messages/);
    expect(failed.filter((r) => r.status === "sent")).toHaveLength(1);
    // A per-customer refusal says nothing about the number's pace.
    expect((await pace(channel.id))?.slowed_rate ?? null).toBeNull();
  });
});

describe("the messaging-limit tier", () => {
  it("reads the number's tier from the provider and keeps it on the channel", async () => {
    const channel = await newNumber();
    fake.setMessagingLimit(channel.phoneNumberId, "TIER_10K");
    expect(await readMessagingLimit(channel.id)).toBe("TIER_10K");
    const [stored] = await asService(
      (tx) => tx<{ messaging_limit_tier: string | null; messaging_limit_read_at: Date | null }[]>`
        select messaging_limit_tier, messaging_limit_read_at from public.whatsapp_channels where id = ${channel.id}`,
    );
    expect(stored?.messaging_limit_tier).toBe("TIER_10K");
    expect(stored?.messaging_limit_read_at).toBeInstanceOf(Date);
    expect(fake.requests.find((r) => r.route === "phone_number")?.query.fields).toContain("messaging_limit_tier");
  });

  it("keeps the tier a phone_number_quality_update webhook states for the number it names", async () => {
    const channel = await newNumber();
    const sibling = await newNumber();
    const update = (displayPhoneNumber: string, currentLimit: string) => ({
      object: "whatsapp_business_account",
      entry: [
        {
          id: channel.wabaId,
          time: Math.floor(Date.now() / 1000),
          changes: [
            {
              field: "phone_number_quality_update",
              value: { display_phone_number: displayPhoneNumber, event: "UPGRADE", current_limit: currentLimit },
            },
          ],
        },
      ],
    });
    const tierOf = async (id: string) =>
      (
        await asService(
          (tx) => tx<{ messaging_limit_tier: string | null }[]>`
            select messaging_limit_tier from public.whatsapp_channels where id = ${id}`,
        )
      )[0]?.messaging_limit_tier;

    // Another number of the same business account is not this one.
    await deliverAndProcess(channel, "meta", update("15550000000", "TIER_1K"));
    expect(await tierOf(channel.id)).toBeNull();
    const { response } = await deliverAndProcess(channel, "meta", update(channel.displayPhoneNumber, "TIER_100K"));
    expect(response.status).toBe(200);
    expect(await tierOf(channel.id)).toBe("TIER_100K");
    // The webhook was routed by the WABA: a number of another account is untouched.
    expect(await tierOf(sibling.id)).toBeNull();
  });

  it("holds back templates that would open a conversation beyond the tier; customers who wrote in the last 24 h still get theirs", async () => {
    const channel = await newNumber();
    await asService(async (tx) => {
      await tx`update public.whatsapp_channels set messaging_limit_tier = 'TIER_250' where id = ${channel.id}`;
      await tx`insert into private.channel_send_pace (channel_id, workspace_id) values (${channel.id}, ${workspaceId})`;
      // 250 customers reached in the last 24 hours.
      await tx`
        insert into private.business_conversations (workspace_id, channel_id, contact_id, opened_at)
        select ${workspaceId}, ${channel.id}, gen_random_uuid(), now() - interval '1 hour' from generate_series(1, 250)`;
    });
    const cold = await queueMessage(await newConversation(channel), "promo");
    const { conversationId: warmConversation } = await customerWrites(channel, { from: phone(), text: "Halo" });
    const warm = await queueMessage(warmConversation, "promo");
    const deferrals: number[] = [];
    const defer = async (seconds: number) => {
      deferrals.push(seconds);
    };

    expect(await sendOutboundMessage(cold, { finalAttempt: false, defer })).toBe("deferred");
    expect(deferrals).toEqual([600]);
    expect(await sendOutboundMessage(warm, { finalAttempt: false, defer })).toBe("sent");
    expect(fake.sends(channel.phoneNumberId).map(messageOf)).toEqual([warm]);

    // A day later the oldest ones have left the window: the held-back template goes.
    await db()`update private.business_conversations set opened_at = opened_at - interval '1 day' where channel_id = ${channel.id}`;
    expect(await sendOutboundMessage(cold, { finalAttempt: false, defer })).toBe("sent");
  });
});

describe("a crash between WhatsApp's answer and recording it", () => {
  /**
   * The crash: the provider accepts the message, then recording its wamid
   * never commits (a trigger refuses it, as a killed worker's commit that
   * never came). What is left is exactly what `kill -9` leaves.
   */
  async function crashAfterAnswer(id: string) {
    const name = `refuse_wamid_${randomUUID().replaceAll("-", "")}`;
    await db().unsafe(`
      create function public.${name}() returns trigger language plpgsql as $$
      begin if new.id = '${id}' and new.wamid is not null then raise exception 'worker killed'; end if; return new; end $$;
      create trigger ${name} before update on public.messages for each row execute function public.${name}();`);
    try {
      await expect(sendOutboundMessage(id, { finalAttempt: false })).rejects.toThrow(/worker killed/);
    } finally {
      await db().unsafe(`drop trigger ${name} on public.messages; drop function public.${name}();`);
    }
  }

  it("never sends it again; the status webhook naming it gives it its wamid", async () => {
    const channel = await newNumber();
    const conversationId = await newConversation(channel);
    const id = await queueMessage(conversationId, "promo");
    const next = await queueMessage(conversationId, "second");
    await crashAfterAnswer(id);
    const [accepted] = fake.sends(channel.phoneNumberId);
    expect(accepted?.status).toBe(200);
    expect(await row(id)).toMatchObject({ status: "pending", wamid: null, send_attempts: 1 });

    // The job runs again (pg-boss retries an expired job): it finds the claim and does not call WhatsApp.
    const deferrals: number[] = [];
    const defer = async (seconds: number) => {
      deferrals.push(seconds);
    };
    expect(await sendOutboundMessage(id, { finalAttempt: false, defer })).toBe("deferred");
    // The conversation's next message waits for it.
    expect(await sendOutboundMessage(next, { finalAttempt: false, defer })).toBe("deferred");
    expect(fake.sends(channel.phoneNumberId)).toHaveLength(1);

    // Meta's "sent" status carries our message id back (biz_opaque_callback_data).
    const wamid = answeredWamid(accepted) as string;
    const status = metaStatus(
      { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber, wabaId: channel.wabaId },
      { wamid, status: "delivered", recipient: accepted?.json?.to as string },
    );
    const value = status.entry[0]?.changes[0]?.value as { statuses: Record<string, unknown>[] } | undefined;
    Object.assign(value?.statuses[0] ?? {}, { biz_opaque_callback_data: id });
    await deliverAndProcess(channel, "meta", status);
    expect(await row(id)).toMatchObject({ status: "delivered", wamid, send_claimed_at: null });

    expect(await sendOutboundMessage(id, { finalAttempt: false, defer })).toBe("skipped");
    expect(await sendOutboundMessage(next, { finalAttempt: false, defer })).toBe("sent");
    expect(fake.sends(channel.phoneNumberId).map(messageOf)).toEqual([id, next]);
  });

  it(`fails it as unknown after ${DOUBT_MINUTES} minutes without a status, still without sending it again`, async () => {
    const channel = await newNumber();
    const id = await queueMessage(await newConversation(channel), "promo");
    await crashAfterAnswer(id);
    expect(await sendOutboundMessage(id, { finalAttempt: false })).toBe("deferred");
    await asService(
      (tx) => tx`update public.messages set send_claimed_at = now() - make_interval(mins => ${DOUBT_MINUTES + 1}) where id = ${id}`,
    );
    expect(await sendOutboundMessage(id, { finalAttempt: false })).toBe("failed");
    expect(await row(id)).toMatchObject({ status: "failed", wamid: null, send_claimed_at: null, error: { title: "Delivery unknown" } });
    expect(fake.sends(channel.phoneNumberId)).toHaveLength(1);
  });
});

describe("an in-doubt send whose request never left (worker killed right after its claim)", () => {
  /** What `kill -9` between a claim's commit and its request leaves: claimed, `seconds` ago, never sent. */
  async function claimedThenKilled(id: string, seconds: number) {
    const [claimed] = await asService(
      (tx) => tx<{ claim: string }[]>`
        select claim from private.claim_sends(${JSON.stringify([{ id, tier_limit: null }])}::text::jsonb, interval '60 seconds')`,
    );
    expect(claimed?.claim).toBe("claimed");
    await asService(
      (tx) => tx`
        update public.messages set send_claimed_at = now() - make_interval(secs => ${seconds}),
          send_requested_at = now() - make_interval(secs => ${seconds})
        where id = ${id}`,
    );
  }

  /** Another message of `channel`, sent now, and Meta's "sent" status for it received through the webhook pipeline. */
  async function laterSendWithStatus(channel: TestChannel, options: { naming?: boolean } = {}) {
    const id = await queueMessage(await newConversation(channel), "later");
    expect(await sendOutboundMessage(id, { finalAttempt: false })).toBe("sent");
    await deliverStatus(channel, id, undefined, options.naming ?? true);
  }

  /** Meta's "sent" status for what the fake answered to message `id`, carrying it in biz_opaque_callback_data unless `naming` is false. */
  async function deliverStatus(channel: TestChannel, id: string, wamid?: string, naming = true) {
    const request = fake.requests.find((r) => r.route === "messages" && messageOf(r) === id);
    const status = metaStatus(
      { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber, wabaId: channel.wabaId },
      { wamid: wamid ?? (answeredWamid(request) as string), status: "sent", recipient: phone() },
    );
    const value = status.entry[0]?.changes[0]?.value as { statuses: Record<string, unknown>[] } | undefined;
    if (naming) Object.assign(value?.statuses[0] ?? {}, { biz_opaque_callback_data: id });
    await deliverAndProcess(channel, "meta", status);
  }

  const sendsOf = (id: string) => fake.requests.filter((r) => r.route === "messages" && messageOf(r) === id);

  it("is sent again, once, when a later send of its number got a status at least the grace after its claim", async () => {
    const channel = await newNumber();
    const id = await queueMessage(await newConversation(channel), "promo");
    await claimedThenKilled(id, 10);
    // A status 10 s after the claim: its own status could still be on its way.
    await laterSendWithStatus(channel);
    expect(await sendOutboundMessage(id, { finalAttempt: false })).toBe("deferred");
    expect(sendsOf(id)).toHaveLength(0);

    // The same, with the claim two minutes old: statuses flow past it and none named it.
    await asService(
      (tx) =>
        tx`update public.messages set send_claimed_at = now() - interval '2 minutes', send_requested_at = now() - interval '2 minutes' where id = ${id}`,
    );
    await laterSendWithStatus(channel);
    expect(await sendOutboundMessage(id, { finalAttempt: false })).toBe("sent");
    expect(await sendOutboundMessage(id, { finalAttempt: false })).toBe("skipped");
    expect(sendsOf(id)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: "sent", wamid: answeredWamid(sendsOf(id)[0]), send_claimed_at: null, send_attempts: 2 });
  });

  it("is not sent again on statuses of another number", async () => {
    const channel = await newNumber();
    const id = await queueMessage(await newConversation(channel), "promo");
    await claimedThenKilled(id, 120);
    await laterSendWithStatus(await newNumber());
    expect(await sendOutboundMessage(id, { finalAttempt: false })).toBe("deferred");
    expect(sendsOf(id)).toHaveLength(0);
    expect(await row(id)).toMatchObject({ status: "pending", wamid: null, send_attempts: 1 });
  });

  it("is not sent again on statuses that do not carry back the message they are for", async () => {
    const channel = await newNumber();
    const id = await queueMessage(await newConversation(channel), "promo");
    await claimedThenKilled(id, 120);
    // A provider that drops biz_opaque_callback_data: this message's own status could not have named it.
    await laterSendWithStatus(channel, { naming: false });
    expect(await sendOutboundMessage(id, { finalAttempt: false })).toBe("deferred");
    expect(sendsOf(id)).toHaveLength(0);
  });

  it("is settled as sent by a status naming it, and never sent again", async () => {
    const channel = await newNumber();
    const id = await queueMessage(await newConversation(channel), "promo");
    await claimedThenKilled(id, 120);
    await laterSendWithStatus(channel);
    // Its request had left after all: WhatsApp's status names it.
    const wamid = `wamid.${randomUUID()}`;
    await deliverStatus(channel, id, wamid);
    expect(await sendOutboundMessage(id, { finalAttempt: false })).toBe("skipped");
    expect(sendsOf(id)).toHaveLength(0);
    expect(await row(id)).toMatchObject({ status: "sent", wamid, send_claimed_at: null });
  });

  it("is released by one of two workers claiming it at once", async () => {
    const channel = await newNumber();
    const id = await queueMessage(await newConversation(channel), "promo");
    await claimedThenKilled(id, 120);
    await laterSendWithStatus(channel);
    const claim = (hold: number) =>
      asService(async (tx) => {
        const [found] = await tx<{ claim: string }[]>`
          select claim from private.claim_sends(${JSON.stringify([{ id, tier_limit: null }])}::text::jsonb, interval '60 seconds')`;
        // The first holds its transaction open while the second asks.
        await new Promise((resolve) => setTimeout(resolve, hold));
        return found?.claim;
      });
    const first = claim(500);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = claim(0);
    expect(await Promise.all([first, second])).toEqual(["released", "doubt"]);
  });
});
