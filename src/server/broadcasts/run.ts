import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { type AudienceFilter, type ParameterMapping, resolveParameters } from "@/lib/broadcasts";
import { type HeaderMediaSend, type TemplateComponent, templateHeaderMedia } from "@/lib/templates";
import { asService, db, type Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { sendMessageJob } from "@/server/inbox/jobs";
import { DEAD_LETTERS, defineJob } from "@/server/jobs/define";
import { enqueue, enqueueMany } from "@/server/jobs/enqueue";
import { QUEUE_SCHEMA } from "@/server/jobs/queue";
import { requeueStalledJobs } from "@/server/jobs/stalled";
import { logger } from "@/server/log";
import { getMedia } from "@/server/whatsapp/media/storage";
import { type ChannelAddressRow, channelAddress } from "@/server/whatsapp/providers/channel-address";
import { ProviderError } from "@/server/whatsapp/providers/client";
import { providerClient } from "@/server/whatsapp/providers/index";
import { audienceConditions } from "./audience";
import { type HeaderMediaFile, templateMessage } from "./template";

/** Contacts taken from the filter (or numbers from the CSV) per statement. */
export const EXPAND_BATCH = 1000;
/** Messages queued per transaction at most: their rows, their send jobs and the recipients' links commit together. */
export const QUEUE_BATCH = 500;
/**
 * A broadcast keeps queued (and not yet sent) at most what its number sends
 * in this many seconds at its rate. The send queue takes its jobs oldest
 * first: a broadcast queued whole would hold every number after it back
 * until its own had left (and an agent's reply on any number behind it),
 * while topped up a few seconds ahead each number's sends stay among the
 * oldest and every number sends at its own pace at the same time. A number
 * slowed down or at its messaging limit simply takes longer to empty it.
 */
export const QUEUE_AHEAD_SECONDS = 3;

type RunRow = With<
  Pick<
    Row<"broadcasts">,
    | "workspace_id"
    | "channel_id"
    | "state"
    | "audience_filter"
    | "csv_phones"
    | "csv_invalid"
    | "expanded_contact_id"
    | "expanded_filter"
    | "expanded_csv"
    | "expanded_at"
    | "template_name"
    | "template_language"
    | "template_components"
    | "parameters"
    | "header_media"
    | "header_media_id"
  >,
  {
    audience_filter: AudienceFilter | null;
    template_components: TemplateComponent[];
    parameters: ParameterMapping;
    header_media: HeaderMediaFile | null;
  }
>;

/** The broadcast, locked: one batch at a time per broadcast, and pause/cancel wait for the batch in flight. */
async function lockBroadcast(tx: Tx, broadcastId: string): Promise<RunRow | null> {
  const [row] = await tx<RunRow[]>`
    select workspace_id, channel_id, state, audience_filter, csv_phones, csv_invalid, expanded_contact_id, expanded_filter,
           expanded_csv, expanded_at, template_name, template_language, template_components, parameters, header_media, header_media_id
    from public.broadcasts where id = ${broadcastId} for update`;
  return row ?? null;
}

/** "ahead": as many messages are queued as the number will send in QUEUE_AHEAD_SECONDS; more once they leave. */
type Step = "more" | "done" | "stopped" | "ahead";

/** The filter's next contacts become recipients: one statement, idempotent (unique per broadcast and contact/number). */
async function expandFilterBatch(tx: Tx, broadcastId: string, b: RunRow, filter: AudienceFilter, size: number) {
  const [result] = await tx<{ last_id: string | null; taken: number }[]>`
    with batch as (
      select k.id, k.phone_e164, k.opted_out_at from public.contacts k
      where k.workspace_id = ${b.workspace_id}
        ${b.expanded_contact_id ? tx`and k.id > ${b.expanded_contact_id}` : tx``}
        ${audienceConditions(tx, filter)}
      order by k.id limit ${size}
    ), inserted as (
      insert into public.broadcast_recipients (workspace_id, broadcast_id, contact_id, phone, state, skip_reason)
      select ${b.workspace_id}, ${broadcastId}, k.id, k.phone_e164,
             case when k.opted_out_at is not null or k.phone_e164 is null then 'skipped' else 'queued' end,
             case when k.opted_out_at is not null then 'opted_out' when k.phone_e164 is null then 'no_phone' end
      from batch k
      on conflict do nothing
    )
    select (select id from batch order by id desc limit 1) as last_id, (select count(*) from batch)::int as taken`;
  await tx`
    update public.broadcasts
    set expanded_contact_id = coalesce(${result?.last_id ?? null}::uuid, expanded_contact_id),
        expanded_filter = ${(result?.taken ?? 0) < size}
    where id = ${broadcastId}`;
}

/**
 * The CSV's next numbers: unknown ones become contacts (a conversation
 * needs one), then recipients. A number the filter already added is a
 * duplicate, counted.
 */
async function expandCsvBatch(tx: Tx, broadcastId: string, b: RunRow, size: number) {
  const phones = b.csv_phones.slice(b.expanded_csv, b.expanded_csv + size);
  await tx`
    insert into public.contacts (workspace_id, phone_e164, wa_id, source)
    select ${b.workspace_id}, p, substr(p, 2), 'broadcast' from unnest(${tx.array(phones)}::text[]) p
    on conflict (workspace_id, phone_e164) do nothing`;
  const [result] = await tx<{ inserted: number }[]>`
    with inserted as (
      insert into public.broadcast_recipients (workspace_id, broadcast_id, contact_id, phone, state, skip_reason)
      select ${b.workspace_id}, ${broadcastId}, k.id, k.phone_e164,
             case when k.opted_out_at is not null then 'skipped' else 'queued' end,
             case when k.opted_out_at is not null then 'opted_out' end
      from public.contacts k
      where k.workspace_id = ${b.workspace_id} and k.phone_e164 = any(${tx.array(phones)}::text[])
      on conflict do nothing
      returning 1
    )
    select count(*)::int as inserted from inserted`;
  await tx`
    update public.broadcasts
    set expanded_csv = ${b.expanded_csv + phones.length}, duplicate_count = duplicate_count + ${phones.length - (result?.inserted ?? 0)}
    where id = ${broadcastId}`;
}

/**
 * One step of turning the audience into recipient rows, in its own
 * transaction with its progress: a crash loses at most the step in flight,
 * and running a step twice adds no one twice.
 */
export function expandStep(broadcastId: string, size = EXPAND_BATCH): Promise<Step> {
  return asService(async (tx) => {
    const b = await lockBroadcast(tx, broadcastId);
    if (b?.state !== "sending") return "stopped";
    if (b.expanded_at) return "done";
    if (b.audience_filter && !b.expanded_filter) {
      await expandFilterBatch(tx, broadcastId, b, b.audience_filter, size);
      return "more";
    }
    if (b.expanded_csv < b.csv_phones.length) {
      await expandCsvBatch(tx, broadcastId, b, size);
      return "more";
    }
    // Entries of the CSV that are no numbers are listed as skipped, once.
    await tx`
      insert into public.broadcast_recipients (workspace_id, broadcast_id, phone, state, skip_reason)
      select ${b.workspace_id}, ${broadcastId}, entry, 'skipped', 'invalid_number' from unnest(${tx.array(b.csv_invalid)}::text[]) entry
      on conflict do nothing`;
    await tx`update public.broadcasts set expanded_at = now() where id = ${broadcastId}`;
    return "done";
  });
}

type QueueCandidate = Pick<Row<"broadcast_recipients">, "id" | "contact_id"> & {
  name: string | null;
  phone_e164: string | null;
  email: string | null;
  custom_attributes: Record<string, unknown> | null;
  opted_out: boolean | null;
};

/**
 * Queues the next recipients' messages in one transaction: their
 * conversations on the broadcast's number (opened or reused, and marked
 * with the broadcast), the template messages keyed by recipient
 * (`broadcast:<id>`, unique per workspace: never two messages for one
 * recipient), their send jobs, and the recipients' links to them.
 */
export function queueStep(broadcastId: string, size = QUEUE_BATCH): Promise<Step> {
  return asService(async (tx) => {
    const b = await lockBroadcast(tx, broadcastId);
    if (b?.state !== "sending") return "stopped";
    const [channel] = await tx<(Pick<Row<"whatsapp_channels">, "status" | "send_rate"> & { in_flight: number })[]>`
      select ch.status, ch.send_rate,
             (select count(*) from public.broadcast_recipients r
              where r.broadcast_id = ${broadcastId} and r.state = 'queued' and r.message_id is not null)::int as in_flight
      from public.whatsapp_channels ch where ch.workspace_id = ${b.workspace_id} and ch.id = ${b.channel_id}`;
    if (!channel || channel.status === "disconnected") {
      // Nothing can leave through a disconnected number: hold the broadcast until an admin connects it and resumes.
      await tx`update public.broadcasts set state = 'paused' where id = ${broadcastId}`;
      logger.warn({ broadcastId }, "broadcast paused: its WhatsApp number is disconnected");
      return "stopped";
    }
    const room = Math.min(size, channel.send_rate * QUEUE_AHEAD_SECONDS - channel.in_flight);
    const candidates = await tx<QueueCandidate[]>`
      select r.id, r.contact_id, coalesce(k.name, k.profile_name) as name, k.phone_e164, k.email, k.custom_attributes,
             k.opted_out_at is not null as opted_out
      from public.broadcast_recipients r
      left join public.contacts k on k.workspace_id = r.workspace_id and k.id = r.contact_id
      where r.broadcast_id = ${broadcastId} and r.state = 'queued' and r.message_id is null
      order by r.id limit ${Math.max(room, 1)}`;
    if (candidates.length > 0 && room <= 0) return "ahead";
    if (candidates.length === 0) return "done";

    // Opted out since the audience was expanded, or the contact is gone: skipped now.
    const gone = candidates.filter((c) => c.opted_out || !c.phone_e164 || !c.contact_id);
    if (gone.length) {
      await tx`
        update public.broadcast_recipients r
        set state = 'skipped', skip_reason = v.reason
        from (select * from unnest(${tx.array(gone.map((c) => c.id))}::uuid[], ${tx.array(gone.map((c) => (c.opted_out ? "opted_out" : "no_phone")))}::text[])
              as v(id, reason)) v
        where r.workspace_id = ${b.workspace_id} and r.id = v.id`;
    }
    const sendable = candidates.filter((c) => !gone.includes(c));
    if (sendable.length === 0) return "more";

    const contactIds = sendable.map((c) => c.contact_id as string);
    // One statement: a new conversation is born marked (no second write, no update triggers), an existing one is marked.
    const conversations = await tx<Pick<Row<"conversations">, "id" | "contact_id">[]>`
      insert into public.conversations (workspace_id, channel_id, contact_id, broadcast_id)
      select ${b.workspace_id}, ${b.channel_id}, unnest(${tx.array(contactIds)}::uuid[]), ${broadcastId}
      on conflict (workspace_id, channel_id, contact_id) do update set broadcast_id = excluded.broadcast_id
      returning id, contact_id`;
    const conversationOf = new Map(conversations.map((c) => [c.contact_id, c.id]));

    const template = { name: b.template_name, language: b.template_language, components: b.template_components };
    const mediaKind = templateHeaderMedia(b.template_components);
    if (mediaKind && !b.header_media_id) throw new Error(`broadcast ${broadcastId} has a media header that is not uploaded yet`);
    const headerMedia: HeaderMediaSend | null =
      mediaKind && b.header_media_id ? { kind: mediaKind, id: b.header_media_id, filename: b.header_media?.filename } : null;
    const planned = sendable.map((c) => {
      const parameters = resolveParameters(b.parameters, {
        name: c.name,
        phone_e164: c.phone_e164,
        email: c.email,
        custom_attributes: c.custom_attributes ?? {},
      });
      return { id: randomUUID(), recipient: c, parameters, ...templateMessage(template, parameters, headerMedia) };
    });
    // The send jobs go first, naming the messages' ids made here: a message row takes its workspace's
    // dashboard rollup row (a statement trigger) until the commit, so the less follows it the less other
    // broadcasts of the workspace wait. (A message already there under the recipient's key cannot be:
    // it was queued with the recipient's link, under this lock; its job would find no message and skip.)
    await enqueueMany(
      sendMessageJob,
      planned.map((p) => ({ messageId: p.id })),
      { tx },
    );
    await tx`
      insert into public.messages ${tx(
        planned.map((p) => ({
          id: p.id,
          workspace_id: b.workspace_id,
          conversation_id: conversationOf.get(p.recipient.contact_id as string) as string,
          direction: "outbound",
          type: "template",
          body: p.body,
          content: tx.json(p.payload as Parameters<typeof tx.json>[0]),
          status: "pending",
          sender_type: "system",
          idempotency_key: `broadcast:${p.recipient.id}`,
        })),
      )}
      on conflict (workspace_id, idempotency_key) do nothing`;
    await tx`
      update public.broadcast_recipients r
      set message_id = m.id, conversation_id = m.conversation_id, parameters = v.parameters
      from jsonb_to_recordset(${JSON.stringify(planned.map((p) => ({ id: p.recipient.id, parameters: p.parameters })))}::text::jsonb)
           as v(id uuid, parameters jsonb)
      join public.messages m on m.workspace_id = ${b.workspace_id} and m.idempotency_key = 'broadcast:' || v.id::text
      where r.workspace_id = ${b.workspace_id} and r.id = v.id`;
    return "more";
  });
}

/** Recipients never sent to are skipped once a broadcast is cancelled. */
async function skipCancelled(broadcastId: string) {
  await asService(
    (tx) => tx`
      update public.broadcast_recipients r set state = 'skipped', skip_reason = 'cancelled'
      from public.broadcasts b
      where b.id = ${broadcastId} and b.state = 'cancelled'
        and r.workspace_id = b.workspace_id and r.broadcast_id = b.id and r.state = 'queued' and r.message_id is null`,
  );
}

/** Completed once every recipient's message has been sent or has failed (no recipient left queued). */
async function completeIfDone(broadcastId: string): Promise<boolean> {
  const rows = await asService(
    (tx) => tx`
      update public.broadcasts b set state = 'completed', completed_at = now()
      where b.id = ${broadcastId} and b.state = 'sending' and b.expanded_at is not null
        and not exists (select 1 from public.broadcast_recipients r
                        where r.workspace_id = b.workspace_id and r.broadcast_id = b.id and r.state = 'queued')
      returning b.id`,
  );
  return rows.length > 0;
}

/**
 * A media-header broadcast's file goes to the provider's media endpoint
 * once (one broadcast, one number) before any message is queued; every
 * recipient's header names the same media id (Meta keeps it 30 days). A
 * crash between the upload and its commit uploads it once more, no worse.
 * A final refusal fails the recipients with the provider's reason (the
 * broadcast page groups it) instead of retrying for ever.
 */
export async function uploadHeaderMedia(broadcastId: string): Promise<"ready" | "failed"> {
  const [b] = await asService(
    (tx) => tx<(Pick<Row<"broadcasts">, "header_media_id"> & { header_media: HeaderMediaFile | null } & ChannelAddressRow)[]>`
      select b.header_media, b.header_media_id, ch.provider, ch.phone_number_id, ch.waba_id, ch.credentials_encrypted
      from public.broadcasts b
      join public.whatsapp_channels ch on ch.workspace_id = b.workspace_id and ch.id = b.channel_id
      where b.id = ${broadcastId} and b.state = 'sending'`,
  );
  if (!b?.header_media || b.header_media_id) return "ready";
  const file = b.header_media;
  try {
    const bytes = await getMedia(file.storagePath);
    if (!bytes) throw new ProviderError("The header file is no longer in storage.", null, {}, false);
    const { mediaId } = await providerClient(channelAddress(b)).uploadMedia({ bytes, mimeType: file.mimeType, filename: file.filename });
    await asService(
      (tx) => tx`update public.broadcasts set header_media_id = ${mediaId} where id = ${broadcastId} and header_media_id is null`,
    );
    return "ready";
  } catch (error) {
    if (!(error instanceof ProviderError) || error.transient) throw error;
    logger.warn({ broadcastId, error: error.message }, "broadcast header media refused: failing its recipients");
    const reason = `WhatsApp refused the header file: ${error.details.message ?? error.message}`;
    await asService(
      (tx) => tx`
        update public.broadcast_recipients set state = 'failed', failure_code = ${error.details.code?.toString() ?? null}, failure_reason = ${reason}
        where broadcast_id = ${broadcastId} and state = 'queued' and message_id is null`,
    );
    return "failed";
  }
}

export type RunResult = "completed" | "waiting" | "more" | "ahead" | "stopped";

/**
 * Runs a broadcast as far as it goes now: expands the audience, queues its
 * messages a few seconds ahead of its number's sends (queueStep), and
 * completes it when the last one has left. `until` bounds one job's time
 * ("more": go on in a new job); "ahead": queued as far ahead as allowed,
 * the rest once those leave; "waiting": every message is queued and some
 * are still on their way.
 */
export async function runBroadcast(broadcastId: string, options: { until?: Date } = {}): Promise<RunResult> {
  const overTime = () => options.until !== undefined && Date.now() >= options.until.getTime();
  for (;;) {
    const step = await expandStep(broadcastId);
    if (step === "stopped") {
      await skipCancelled(broadcastId);
      return "stopped";
    }
    if (step === "done") break;
    if (overTime()) return "more";
  }
  if ((await uploadHeaderMedia(broadcastId)) === "failed") return (await completeIfDone(broadcastId)) ? "completed" : "waiting";
  for (;;) {
    const step = await queueStep(broadcastId);
    if (step === "stopped") {
      await skipCancelled(broadcastId);
      return "stopped";
    }
    if (step === "done") break;
    if (step === "ahead") return "ahead";
    if (overTime()) return "more";
  }
  return (await completeIfDone(broadcastId)) ? "completed" : "waiting";
}

/** Seconds between checks while the last messages are on their way. */
const WAIT_SECONDS = 15;
/** Seconds until a broadcast queued ahead (QUEUE_AHEAD_SECONDS) tops its messages up again: its number has sent some by then. */
export const TOP_UP_SECONDS = 1;

/** A run yields after this long and queues its continuation, so one held much longer (STALLED_RUN_SECONDS) was on a worker that died. */
const RUN_SLICE_SECONDS = 10;
/** A slice plus slow batches: the minute's tick gives such a run job back to the queue (safe: batches lock the broadcast). */
export const STALLED_RUN_SECONDS = 40;

/**
 * One job per broadcast at a time. It yields after RUN_SLICE_SECONDS, or
 * once its messages are queued ahead, and queues its continuation (a top-up
 * every TOP_UP_SECONDS while it sends); a crash (kill -9) is put back by the
 * minute's tick, and resumes from the committed batches.
 */
export const broadcastRunJob = defineJob({
  name: "broadcasts.run",
  payload: z.object({ broadcastId: z.uuid() }),
  // Expiry is the backstop; the tick puts back a dead run sooner (startDueBroadcasts).
  options: { policy: "stately", retryLimit: 10, retryDelay: 5, retryBackoff: true, deadLetter: DEAD_LETTERS, expireInSeconds: 300 },
  singletonKey: ({ broadcastId }) => broadcastId,
  // Every sending broadcast is topped up each second or so, side by side (a number waits for no other's turn):
  // a fetch takes every run due (a batch's runs go together), and a second loop goes on while one holds a long expansion.
  work: { pollingIntervalSeconds: 0.5, batchSize: 50, loops: 2 },
  run: async (payload) => {
    const result = await runBroadcast(payload.broadcastId, { until: new Date(Date.now() + RUN_SLICE_SECONDS * 1000) });
    if (result === "more") await enqueue(broadcastRunJob, payload);
    if (result === "ahead") await enqueue(broadcastRunJob, payload, { startAfter: TOP_UP_SECONDS });
    if (result === "waiting") await enqueue(broadcastRunJob, payload, { startAfter: WAIT_SECONDS });
  },
});

/**
 * Starts the scheduled broadcasts that are due, and makes sure every
 * sending one has its job: a run job a killed worker held is put back
 * (requeueStalledJobs), one lost with it is queued again, one queued or
 * running is left as it is (a second job beside a running one, stately,
 * could not start, and would fail every fetch of the queue until the first
 * ended).
 */
export async function startDueBroadcasts(now = new Date()): Promise<string[]> {
  const started = await asService(async (tx) => {
    const rows = await tx<Pick<Row<"broadcasts">, "id">[]>`
      update public.broadcasts set state = 'sending', started_at = coalesce(started_at, now())
      where state = 'scheduled' and scheduled_at <= ${now}
      returning id`;
    return rows.map((b) => b.id);
  });
  await requeueStalledJobs(broadcastRunJob.name, STALLED_RUN_SECONDS);
  // Read as the connection's own role: the queue's tables are not the service role's.
  const sending = await db()<Pick<Row<"broadcasts">, "id">[]>`
    select b.id from public.broadcasts b
    where b.state = 'sending'
      and not exists (select 1 from ${db()(QUEUE_SCHEMA)}.job j
                      where j.name = ${broadcastRunJob.name} and j.singleton_key = b.id::text
                        and j.state in ('created', 'retry', 'active'))`;
  await enqueueMany(
    broadcastRunJob,
    sending.map((b) => ({ broadcastId: b.id })),
  );
  return started;
}

export const broadcastTickJob = defineJob({
  name: "broadcasts.tick",
  payload: z.object({}),
  options: { policy: "singleton", retryLimit: 1 },
  schedule: "* * * * *",
  run: () => startDueBroadcasts(),
});
