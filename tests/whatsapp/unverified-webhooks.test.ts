import { describe, expect, it } from "vitest";
import { asService, asUser } from "@/server/db/client";
import { processInline } from "@/server/ingest/inline";
import { processWebhookEvents } from "@/server/ingest/process-event";
import { receiveWebhook } from "@/server/ingest/receive";
import { getWebhookEvent, recordUnverifiedWebhook, UNVERIFIED_LIMITS } from "@/server/ingest/webhook-log";
import { pruneWebhookEvents } from "@/server/ingest/webhook-retention";
import type { Provider } from "@/server/whatsapp/providers";
import { kapsoMessageReceived, metaInboundText, newWamid } from "../../scripts/webhooks/payloads";
import { createTeam } from "../support/fixtures";
import { createChannel, deliver } from "../support/webhooks";

const unknownNumber = () => String(9e14 + Math.floor(Math.random() * 9e13));
/** About 1 MB of text: what an attacker would like us to keep. */
const filler = "x".repeat(1024 * 1024);

/** A body naming a number we do not have, with a signature nobody can check. */
function forged(provider: Provider, phoneNumberId: string, text = filler) {
  const body =
    provider === "meta"
      ? metaInboundText({ phoneNumberId, displayPhoneNumber: "1555" }, { from: "15551230000", text })
      : kapsoMessageReceived({ phoneNumberId, displayPhoneNumber: "1555" }, { from: "15551230000", text });
  const headers = new Headers({ "content-type": "application/json", "user-agent": "forger/1.0" });
  if (provider === "meta") headers.set("x-hub-signature-256", `sha256=${"1".repeat(64)}`);
  else {
    headers.set("x-webhook-signature", "1".repeat(64));
    headers.set("x-webhook-event", "whatsapp.message.received");
  }
  const rawBody = new TextEncoder().encode(JSON.stringify(body));
  return { request: { provider, rawBody, headers }, bytes: rawBody.byteLength };
}

interface StoredRow {
  outcome: string;
  workspace_id: string | null;
  payload: unknown;
  raw_body: string | null;
  diagnostics: Record<string, unknown> | null;
  last_error: string | null;
  row_bytes: number;
}

/** The log rows a number's requests left, newest last (found by the id in their diagnostics). */
function rowsNaming(phoneNumberId: string) {
  return asService(
    (tx) => tx<StoredRow[]>`
      select outcome, workspace_id, payload, raw_body, diagnostics, last_error, pg_column_size(e.*) as row_bytes
      from public.webhook_events e
      where diagnostics -> 'phone_number_ids' ? ${phoneNumberId} or payload::text like ${`%${phoneNumberId}%`}
      order by id`,
  );
}

describe("a webhook nobody can vouch for", () => {
  for (const provider of ["meta", "kapso"] as const) {
    it(`(${provider}, unknown number, made-up signature) is answered 200 but only a bounded record is kept`, async () => {
      const phoneNumberId = unknownNumber();
      const { request, bytes } = forged(provider, phoneNumberId);
      const response = await receiveWebhook(request);
      expect(response.status).toBe(200);
      expect(response.storedEventIds).toEqual([]);

      const rows = await rowsNaming(phoneNumberId);
      expect(rows).toHaveLength(1);
      const [row] = rows;
      expect(row).toMatchObject({ outcome: "unroutable", workspace_id: null, payload: null, raw_body: null });
      expect(row?.diagnostics).toMatchObject({ bytes, phone_number_ids: [phoneNumberId], user_agent: "forger/1.0" });
      expect(row?.row_bytes).toBeLessThan(1024);
    });
  }

  it("with a wrong signature on a known number leaves its admins a bounded record they can read", async () => {
    const team = await createTeam();
    const channel = await createChannel({ workspaceId: team.workspaceId });
    const body = metaInboundText(
      { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber },
      { from: "6281300001111", text: filler },
    );
    const response = await deliver(channel, "meta", body, { signature: `sha256=${"0".repeat(64)}` });
    expect(response.status).toBe(401);

    const [row] = await rowsNaming(channel.phoneNumberId);
    expect(row).toMatchObject({ outcome: "invalid_signature", workspace_id: channel.workspaceId, payload: null, raw_body: null });
    expect(row?.row_bytes).toBeLessThan(1024);

    // What Settings → Webhooks shows for it.
    const [listed] = await asService(
      (tx) => tx<{ id: number }[]>`select id::int as id from public.webhook_events where channel_id = ${channel.id}`,
    );
    const detail = await asUser(team.admin.claims, (tx) => getWebhookEvent(tx, channel.workspaceId, listed?.id ?? 0));
    expect(detail).toMatchObject({ outcome: "invalid_signature", last_error: "Invalid signature", payload: null, raw_body: null });
    expect(detail?.diagnostics).toMatchObject({ phone_number_ids: [channel.phoneNumberId] });
    expect(detail?.diagnostics?.bytes).toBeGreaterThan(filler.length);
  });

  it("as malformed JSON keeps its size, not its bytes", async () => {
    const channel = await createChannel();
    const raw = `{"entry": "${filler}`;
    expect((await deliver(channel, "meta", null, { raw })).status).toBe(400);
    const [row] = await asService(
      (tx) => tx<StoredRow[]>`
        select outcome, payload, raw_body, diagnostics from public.webhook_events
        where outcome = 'malformed' and (diagnostics ->> 'bytes')::int = ${Buffer.byteLength(raw)}`,
    );
    expect(row).toMatchObject({ outcome: "malformed", payload: null, raw_body: null });
  });

  // Each in a minute of its own (the clock is a parameter), so other tests' records do not count in it.
  const ownMinute = () => new Date(Date.UTC(2001, 0, 1, 0, Math.floor(Math.random() * 60 * 24 * 365)));
  const record = (now: Date, phoneNumberId: string, channel: { id: string; workspace_id: string } | null = null) =>
    recordUnverifiedWebhook({
      provider: "meta",
      channel,
      outcome: channel ? "invalid_signature" : "unroutable",
      reason: "test",
      bytes: 10,
      phoneNumberIds: [phoneNumberId],
      headers: new Headers(),
      now,
    });

  it("leaves at most a few records a minute per number or channel, however many are sent", async () => {
    const now = ownMinute();
    const phoneNumberId = unknownNumber();
    const channel = await createChannel();
    const written = { number: 0, channel: 0 };
    for (let i = 0; i < UNVERIFIED_LIMITS.perSource + 5; i++) {
      if (await record(now, phoneNumberId)) written.number++;
      if (await record(now, channel.phoneNumberId, { id: channel.id, workspace_id: channel.workspaceId })) written.channel++;
    }
    expect(written).toEqual({ number: UNVERIFIED_LIMITS.perSource, channel: UNVERIFIED_LIMITS.perSource });
    expect(await rowsNaming(phoneNumberId)).toHaveLength(UNVERIFIED_LIMITS.perSource);
    // The next minute counts afresh.
    expect(await record(new Date(now.getTime() + 60_000), phoneNumberId)).toBe(true);
  });

  it("leaves at most a bounded number of records a minute per provider, whatever numbers they name", async () => {
    const now = ownMinute();
    let written = 0;
    for (let i = 0; i < UNVERIFIED_LIMITS.perProvider + 5; i++) if (await record(now, unknownNumber())) written++;
    expect(written).toBe(UNVERIFIED_LIMITS.perProvider);
    // Only the provider's total is counted beyond its limit, not each made-up number.
    const [counts] = await asService(
      (tx) => tx<{ n: number }[]>`
        select count(*)::int as n from private.webhook_intake_counts where window_start = date_trunc('minute', ${now}::timestamptz)`,
    );
    expect(counts?.n).toBe(UNVERIFIED_LIMITS.perProvider + 1);
  });
});

describe("the webhook log's retention", () => {
  it("deletes settled events past the retention, keeps failed, dead and pending ones and recent ones", async () => {
    const channel = await createChannel();
    const now = new Date();
    const old = new Date(now.getTime() - 31 * 86_400_000);
    const recent = new Date(now.getTime() - 29 * 86_400_000);
    const outcomes = ["processed", "duplicate", "unroutable", "invalid_signature", "malformed", "failed", "dead", "pending"];
    await asService(
      (tx) => tx`
        insert into public.webhook_events (workspace_id, channel_id, provider, payload, outcome, received_at, processed_at)
        select ${channel.workspaceId}, ${channel.id}, 'meta', '{}', o, t, case when o in ('pending', 'failed') then null else t end
        from unnest(${outcomes}::text[]) o cross join unnest(${[old.toISOString(), recent.toISOString()]}::timestamptz[]) t`,
    );
    // Replayed lately: counts from when it was processed again.
    await asService(
      (tx) => tx`
        insert into public.webhook_events (workspace_id, channel_id, provider, payload, outcome, received_at, processed_at)
        values (${channel.workspaceId}, ${channel.id}, 'meta', '{}', 'processed', ${old}, ${recent})`,
    );

    expect(await pruneWebhookEvents({ now, batchSize: 2 })).toBeGreaterThanOrEqual(5);
    const left = (at: Date) =>
      asService(
        (tx) => tx<{ outcome: string }[]>`
          select outcome from public.webhook_events where channel_id = ${channel.id} and received_at = ${at} order by outcome`,
      ).then((rows) => rows.map((r) => r.outcome));
    expect(await left(old)).toEqual(["dead", "failed", "pending", "processed"]);
    expect(await left(recent)).toEqual([...outcomes].sort());
  });
});

describe("a signed webhook with NUL characters", () => {
  it("is stored and processed with the other messages of its batch, the NUL replaced", async () => {
    const channel = await createChannel();
    const number = { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber };
    const wamids = [newWamid(), newWamid(), newWamid()];
    const senders = ["6281300002221", "6281300002222", "6281300002223"];
    const body = metaInboundText(number, { from: senders[0] ?? "", text: "first" });
    const value = body.entry[0]?.changes[0]?.value as { contacts: unknown[]; messages: Record<string, unknown>[] };
    value.contacts = senders.map((wa_id, i) => ({ profile: { name: i === 1 ? "Bad\u0000Name" : `Sender ${i}` }, wa_id }));
    value.messages = senders.map((from, i) => ({
      from,
      id: wamids[i],
      timestamp: String(Math.floor(Date.now() / 1000)),
      type: "text",
      text: { body: i === 1 ? "nul\u0000here" : `message ${i}` },
    }));
    const raw = JSON.stringify(body);
    expect(raw).toContain("\\u0000");

    const response = await deliver(channel, "meta", body);
    expect(response.status).toBe(200);
    // As the route does right after answering.
    expect(await processInline(response.stored)).toEqual(["processed"]);
    const [stored] = await asService(
      (tx) =>
        tx<{ payload: string }[]>`select payload::text as payload from public.webhook_events where id = ${response.storedEventIds[0] ?? 0}`,
    );
    expect(stored?.payload).toContain("nul\uFFFDhere");
    // Processed again from the stored row (as a replay does), it finds every message already in place.
    await asService((tx) => tx`update public.webhook_events set outcome = 'pending' where id = any(${response.storedEventIds})`);
    expect(await processWebhookEvents(response.storedEventIds)).toEqual(["duplicate"]);

    const messages = await asService(
      (tx) => tx<{ wamid: string; body: string; profile_name: string }[]>`
        select m.wamid, m.body, k.profile_name from public.messages m
        join public.conversations c on c.id = m.conversation_id join public.contacts k on k.id = c.contact_id
        where m.workspace_id = ${channel.workspaceId} order by k.phone_e164`,
    );
    expect(messages).toEqual([
      { wamid: wamids[0], body: "message 0", profile_name: "Sender 0" },
      { wamid: wamids[1], body: "nul\uFFFDhere", profile_name: "Bad\uFFFDName" },
      { wamid: wamids[2], body: "message 2", profile_name: "Sender 2" },
    ]);
  });
});
