import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asService, db } from "@/server/db/client";
import { type ApplySummary, applyEvents } from "@/server/ingest/apply-events";
import { processInline } from "@/server/ingest/inline";
import { eventsForChannel, processWebhookEvents } from "@/server/ingest/process-event";
import type { WebhookResponse } from "@/server/ingest/receive";
import { normalizeWebhook } from "@/server/whatsapp/normalize";
import type { Provider } from "@/server/whatsapp/providers";
import { kapsoMessageReceived, metaEcho, metaInbound, metaStatus, unixSeconds } from "../../scripts/webhooks/payloads";
import { createChannel, deliver, type TestChannel } from "../support/webhooks";

/**
 * Batched processing (apply-batch.ts: many webhooks, a few multi-row
 * statements) must leave exactly what processing the same webhooks one at a
 * time with applyEvents (one statement per event, the reference) leaves:
 * random sequences of messages, duplicates, echoes, statuses in any order,
 * edits, revokes, reactions, number changes, business-scoped ids and
 * WhatsApp's phone quirks, processed both ways, compared row by row.
 */

/** Customers: two spellings each of a Mexican and a Brazilian number, ids that are no phone, business-scoped ids. */
const CUSTOMERS = [
  { waId: "5215512345678" },
  { waId: "525512345678" },
  { waId: "5511987654321" },
  { waId: "551187654321" },
  { waId: "6281311112222" },
  { waId: "12345" },
  { userId: "US.13491208655302741918" },
  { waId: "6281399990000", userId: "US.77" },
] as const;
const NAMES = [undefined, "Siti", "Juan", "Camila"] as const;
const STATUSES = ["sent", "delivered", "read", "failed"] as const;

type Step =
  | { kind: "inbound"; customer: number; name: number; wamid: number; at: number; text: string; also?: { customer: number; wamid: number } }
  | { kind: "kapso"; customer: number; name: number; wamid: number; at: number; conversation: number }
  | { kind: "echo"; customer: number; wamid: number; at: number }
  | { kind: "status"; wamid: number; status: number; at: number }
  | { kind: "edit" | "revoke"; target: number; wamid: number; at: number }
  | { kind: "reaction"; customer: number; target: number; wamid: number; at: number }
  | { kind: "changeNumber"; customer: number; to: number; wamid: number; at: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("inbound" as const),
    customer: fc.nat(CUSTOMERS.length - 1),
    name: fc.nat(NAMES.length - 1),
    wamid: fc.nat(7),
    at: fc.nat(5),
    text: fc.constantFrom("Halo", "Oi", "¿Precio?", ""),
    also: fc.option(fc.record({ customer: fc.nat(CUSTOMERS.length - 1), wamid: fc.nat(7) }), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant("kapso" as const),
    customer: fc.nat(4),
    name: fc.nat(NAMES.length - 1),
    wamid: fc.nat(7),
    at: fc.nat(5),
    // Kapso opens a new conversation after one ends: the contact keeps the first, the thread the latest.
    conversation: fc.nat(2),
  }),
  fc.record({ kind: fc.constant("echo" as const), customer: fc.nat(4), wamid: fc.nat(3), at: fc.nat(5) }),
  fc.record({ kind: fc.constant("status" as const), wamid: fc.nat(3), status: fc.nat(STATUSES.length - 1), at: fc.nat(5) }),
  fc.record({ kind: fc.constantFrom("edit" as const, "revoke" as const), target: fc.nat(7), wamid: fc.nat(7), at: fc.nat(5) }),
  fc.record({ kind: fc.constant("reaction" as const), customer: fc.nat(4), target: fc.nat(7), wamid: fc.nat(7), at: fc.nat(5) }),
  fc.record({ kind: fc.constant("changeNumber" as const), customer: fc.nat(4), to: fc.nat(4), wamid: fc.nat(7), at: fc.nat(5) }),
);

const base = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
const time = (seconds: number) => new Date(base + seconds * 1000);
const inboundWamid = (n: number) => `wamid.IN${n}`;
const outboundWamid = (n: number) => `wamid.OUT${n}`;

/** A webhook body for the step, addressed to `number`. */
function bodyOf(s: Step, channel: TestChannel, index: number): { provider: Provider; body: unknown; event?: string } {
  const number = { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber, wabaId: channel.wabaId };
  const at = time(s.at);
  // Wamids of edits, revokes, reactions and number changes are their own; messages reuse a small pool (duplicates).
  const ownWamid = (n: number) => `wamid.EV${index}.${n}`;
  switch (s.kind) {
    case "inbound": {
      const first = inboundMessage(s.customer, NAMES[s.name], inboundWamid(s.wamid), at, { type: "text", text: { body: s.text } });
      const value = first.entry[0]?.changes[0]?.value as { messages: unknown[]; contacts: unknown[] };
      if (s.also) {
        const second = inboundMessage(s.also.customer, undefined, inboundWamid(s.also.wamid), at, { type: "text", text: { body: "two" } });
        const extra = second.entry[0]?.changes[0]?.value as { messages: unknown[]; contacts: unknown[] };
        value.messages.push(...extra.messages);
        value.contacts.push(...extra.contacts);
      }
      return { provider: "meta", body: withNumber(first, number.phoneNumberId) };
    }
    case "kapso": {
      const customer = CUSTOMERS[s.customer] as { waId: string };
      const body = kapsoMessageReceived(number, {
        from: customer.waId,
        name: NAMES[s.name],
        text: "via Kapso",
        wamid: inboundWamid(s.wamid),
        at,
        conversationId: `conv_${customer.waId}_${s.conversation}`,
      });
      return { provider: "kapso", body, event: "whatsapp.message.received" };
    }
    case "echo": {
      const customer = CUSTOMERS[s.customer] as { waId: string };
      return {
        provider: "meta",
        body: metaEcho(number, { to: customer.waId, text: `echo ${s.wamid}`, wamid: outboundWamid(s.wamid), at }),
      };
    }
    case "status": {
      const body = metaStatus(number, {
        wamid: outboundWamid(s.wamid),
        status: STATUSES[s.status] ?? "sent",
        recipient: "6281311112222",
        at,
      });
      return { provider: "meta", body };
    }
    case "edit":
      return {
        provider: "meta",
        body: metaInbound(
          number,
          { from: "6281311112222", wamid: ownWamid(s.wamid), at },
          {
            type: "edit",
            edit: { original_message_id: inboundWamid(s.target), message: { type: "text", text: { body: `edited ${s.wamid}` } } },
          },
        ),
      };
    case "revoke":
      return {
        provider: "meta",
        body: metaInbound(
          number,
          { from: "6281311112222", wamid: ownWamid(s.wamid), at },
          { type: "revoke", revoke: { original_message_id: inboundWamid(s.target) } },
        ),
      };
    case "reaction":
      return {
        provider: "meta",
        body: withNumber(
          inboundMessage(s.customer, undefined, ownWamid(s.wamid), at, {
            type: "reaction",
            reaction: { message_id: inboundWamid(s.target), emoji: "👍" },
          }),
          number.phoneNumberId,
        ),
      };
    case "changeNumber": {
      const from = (CUSTOMERS[s.customer] as { waId: string }).waId;
      const to = (CUSTOMERS[s.to] as { waId: string }).waId;
      return {
        provider: "meta",
        body: metaInbound(
          number,
          { from, wamid: ownWamid(s.wamid), at },
          { type: "system", system: { body: "changed number", type: "user_changed_number", wa_id: to } },
        ),
      };
    }
  }
}

/** A Meta inbound message from one of CUSTOMERS (by wa_id, business-scoped id, or both). */
function inboundMessage(customer: number, name: string | undefined, wamid: string, at: Date, message: Record<string, unknown>) {
  const who = CUSTOMERS[customer] as { waId?: string; userId?: string };
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "WABA",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550783881", phone_number_id: "PHONE" },
              contacts: [
                {
                  profile: name === undefined ? {} : { name },
                  ...(who.waId && { wa_id: who.waId }),
                  ...(who.userId && { user_id: who.userId }),
                },
              ],
              messages: [
                {
                  ...(who.waId && { from: who.waId }),
                  ...(who.userId && { from_user_id: who.userId }),
                  id: wamid,
                  timestamp: unixSeconds(at),
                  ...message,
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

const withNumber = <T>(body: T, phoneNumberId: string): T => JSON.parse(JSON.stringify(body).replaceAll('"PHONE"', `"${phoneNumberId}"`));

const startedAt = Date.now();
/** Times of "now" (contacts created by number changes) differ between two runs; everything else must match. */
const stable = (value: unknown) => (value instanceof Date ? (value.getTime() >= startedAt ? "now" : value.toISOString()) : value);
const stableRows = (rows: Record<string, unknown>[]) =>
  rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, stable(v)])));

async function stateOf(workspaceId: string) {
  return asService(async (tx) => ({
    contacts: stableRows(
      await tx`
        select phone_e164, wa_id, business_user_id, username, profile_name, first_seen_at, last_activity_at, provider_conversation_id
        from public.contacts where workspace_id = ${workspaceId}
        order by phone_e164 nulls last, business_user_id nulls last, wa_id`,
    ),
    conversations: stableRows(
      await tx`
        select coalesce(k.phone_e164, k.business_user_id, k.wa_id) as contact, c.unread_count, c.is_read, c.last_message_at,
               c.last_message_preview, c.last_message_direction, c.last_message_type, c.last_customer_message_at, c.status,
               c.provider_conversation_id
        from public.conversations c join public.contacts k on k.id = c.contact_id
        where c.workspace_id = ${workspaceId} order by 1`,
    ),
    // status_details is left out: it keeps the details of the latest status applied, and of two statuses
    // that both beat their message into one batch that is the later to arrive rather than the later in time.
    messages: stableRows(
      await tx`
        select m.wamid, coalesce(k.phone_e164, k.business_user_id, k.wa_id) as contact, m.direction, m.type, m.body, m.content,
               m.status, m.sent_at, m.delivered_at, m.read_at, m.played_at, m.failed_at, m.error, m.media_id, m.media_status,
               m.reply_to_wamid, m.target_wamid, m.is_forwarded, m.sender_type, m.is_historical, m.edited_at, m.revoked_at
        from public.messages m join public.conversations c on c.id = m.conversation_id join public.contacts k on k.id = c.contact_id
        where m.workspace_id = ${workspaceId} order by m.wamid`,
    ),
    statuses: stableRows(
      await tx`select wamid, status, occurred_at, errors from public.message_statuses where workspace_id = ${workspaceId} order by wamid, status`,
    ),
  }));
}

const countsOf = (summary: Pick<ApplySummary, "messages" | "duplicates" | "statuses" | "other" | "skipped">) => ({
  messages: summary.messages,
  duplicates: summary.duplicates,
  statuses: summary.statuses,
  other: summary.other,
  skipped: summary.skipped,
});

describe("batched processing", () => {
  it("leaves exactly what processing one webhook at a time leaves", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), fc.boolean(), async (steps, handOver) => {
        const batched = await createChannel();
        const reference = await createChannel();

        // Batched: stored first, then processed together (as the inline processor does under load).
        const responses: WebhookResponse[] = [];
        for (const [index, s] of steps.entries()) {
          const { provider, body, event } = bodyOf(s, batched, index);
          const response = await deliver(batched, provider, body, { kapsoEvent: event });
          expect(response.status).toBe(200);
          responses.push(response);
        }
        const ids = responses.flatMap((r) => r.storedEventIds);
        const outcomes = handOver ? await processInline(responses.flatMap((r) => r.stored)) : await processWebhookEvents(ids);
        expect(outcomes.every((o) => o === "processed" || o === "duplicate")).toBe(true);

        // Reference: each body on its own, one statement per event, one transaction per webhook.
        const expectedCounts = [];
        for (const [index, s] of steps.entries()) {
          const { provider, body, event } = bodyOf(s, reference, index);
          const channel = {
            id: reference.id,
            workspaceId: reference.workspaceId,
            phoneNumberId: reference.phoneNumberId,
            wabaId: reference.wabaId,
          };
          const events = eventsForChannel(normalizeWebhook(provider, body, { event: event ?? null }).events, channel);
          expectedCounts.push(countsOf(await asService((tx) => applyEvents(tx, channel, events))));
        }

        const summaries = await asService(
          (tx) => tx<{ summary: ApplySummary }[]>`select summary from public.webhook_events where id = any(${ids}) order by id`,
        );
        expect(summaries.map((row) => countsOf(row.summary))).toEqual(expectedCounts);
        expect(await stateOf(batched.workspaceId)).toEqual(await stateOf(reference.workspaceId));
      }),
      { numRuns: 40 },
    );
  }, 240_000);
});

describe("batches side by side", () => {
  it("process every event once and lock shared contacts without deadlocks", async () => {
    const channel = await createChannel();
    const number = { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber };
    const senders = Array.from({ length: 20 }, (_, i) => String(6281370000000 + i));
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        deliver(
          channel,
          "meta",
          metaInbound(number, { from: senders[(i * 7) % 20] ?? "", wamid: `wamid.SIDE${i}` }, { type: "text", text: { body: `${i}` } }),
        ),
      ),
    );
    const ids = responses.flatMap((r) => r.storedEventIds);
    expect(new Set(ids).size).toBe(200);
    // Four overlapping runs over the same events, each in its own order: every event is claimed by exactly one.
    const runs = [ids, [...ids].reverse(), ids.filter((_, i) => i % 2 === 0), ids.filter((_, i) => i % 3 === 0).reverse()];
    const outcomes = await Promise.all(runs.map((run) => processWebhookEvents(run)));
    const done = outcomes.flatMap((run, r) => run.flatMap((outcome, i) => (outcome === "skipped" ? [] : [runs[r]?.[i]])));
    expect(done.sort()).toEqual([...ids].sort());
    const [counts] = await asService(
      (tx) => tx<{ contacts: number; messages: number; unread: number }[]>`
        select (select count(*)::int from public.contacts where workspace_id = ${channel.workspaceId}) as contacts,
               (select count(*)::int from public.messages where workspace_id = ${channel.workspaceId}) as messages,
               (select sum(unread_count)::int from public.conversations where workspace_id = ${channel.workspaceId}) as unread`,
    );
    expect(counts).toEqual({ contacts: 20, messages: 200, unread: 200 });
  });

  it("keep one failing event from failing the others of its batch", async () => {
    const channel = await createChannel();
    const number = { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber };
    await db().unsafe(`
      create or replace function private.test_explode_batch() returns trigger language plpgsql as $$
      begin
        if new.body = 'explode-${channel.id}' then raise exception 'simulated failure'; end if;
        return new;
      end $$;
      create or replace trigger test_explode_batch before insert on public.messages
        for each row execute function private.test_explode_batch();`);
    try {
      const texts = ["one", `explode-${channel.id}`, "three"];
      const responses: WebhookResponse[] = [];
      for (const [i, text] of texts.entries()) {
        responses.push(
          await deliver(channel, "meta", metaInbound(number, { from: `62813800000${i}0` }, { type: "text", text: { body: text } })),
        );
      }
      const outcomes = await processWebhookEvents(responses.flatMap((r) => r.storedEventIds));
      expect(outcomes).toEqual(["processed", "failed", "processed"]);
      const rows = await asService(
        (tx) => tx<{ body: string }[]>`select body from public.messages where workspace_id = ${channel.workspaceId} order by body`,
      );
      expect(rows.map((r) => r.body)).toEqual(["one", "three"]);
      const [failed] = await asService(
        (tx) => tx`select outcome, attempts, last_error from public.webhook_events where id = ${responses[1]?.storedEventIds[0] ?? 0}`,
      );
      expect(failed).toMatchObject({ outcome: "failed", attempts: 1, last_error: "simulated failure" });
    } finally {
      await db().unsafe("drop trigger if exists test_explode_batch on public.messages");
    }
  });
});

describe("acks side by side", () => {
  it("share inserts, yet each request gets the ids of its own body", async () => {
    const channels = await Promise.all([createChannel(), createChannel()]);
    const requests = Array.from({ length: 60 }, (_, i) => {
      const channel = channels[i % 2] as TestChannel;
      const wamid = `wamid.ACK${i}`;
      const body = metaInbound(
        { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber },
        { from: "6281390000000", wamid },
        { type: "text", text: { body: "hi" } },
      );
      return { channel, wamid, body };
    });
    const responses = await Promise.all(requests.map((r) => deliver(r.channel, "meta", r.body)));
    expect(responses.every((r) => r.status === 200 && r.storedEventIds.length === 1)).toBe(true);
    const rows = await asService(
      (tx) => tx<{ id: string; channel_id: string; wamid: string }[]>`
        select id, channel_id, payload #>> '{entry,0,changes,0,value,messages,0,id}' as wamid
        from public.webhook_events where id = any(${responses.flatMap((r) => r.storedEventIds)})`,
    );
    const byId = new Map(rows.map((row) => [Number(row.id), row]));
    for (const [i, request] of requests.entries()) {
      const row = byId.get(responses[i]?.storedEventIds[0] ?? 0);
      expect(row).toMatchObject({ channel_id: request.channel.id, wamid: request.wamid });
    }
  });

  it("answer 503 only to the request whose row cannot be stored", async () => {
    const [good, bad] = await Promise.all([createChannel(), createChannel()]);
    if (!good || !bad) throw new Error("no channels");
    await db().unsafe(`
      create or replace function private.test_refuse_batch() returns trigger language plpgsql as $$
      begin
        if new.channel_id = '${bad.id}' then raise exception 'disk full'; end if;
        return new;
      end $$;
      create or replace trigger test_refuse_batch before insert on public.webhook_events
        for each row execute function private.test_refuse_batch();`);
    try {
      const body = (channel: TestChannel) =>
        metaInbound(
          { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: "1555" },
          { from: "6281390000001" },
          { type: "text", text: { body: "x" } },
        );
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i === 7 ? deliver(bad, "meta", body(bad)) : deliver(good, "meta", body(good)))),
      );
      expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 20 }, (_, i) => (i === 7 ? 503 : 200)));
    } finally {
      await db().unsafe("drop trigger if exists test_refuse_batch on public.webhook_events");
    }
  });

  it("accept a webhook signed with a secret rotated since the channel was last looked up", async () => {
    const channel = await createChannel();
    const body = () =>
      metaInbound(
        { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: "1555" },
        { from: "6281390000002" },
        { type: "text", text: { body: "x" } },
      );
    expect((await deliver(channel, "meta", body())).status).toBe(200);
    await asService((tx) => tx`update public.whatsapp_channels set webhook_secret = 'rotated-secret' where id = ${channel.id}`);
    expect((await deliver({ ...channel, secret: "rotated-secret" }, "meta", body())).status).toBe(200);
    // The old secret is refused once the new one has been read.
    expect((await deliver(channel, "meta", body())).status).toBe(401);
  });
});
