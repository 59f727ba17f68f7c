import "server-only";
import { asService } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { env } from "@/server/env";
import { errorMessage, logger } from "@/server/log";
import { coalesce, PROCESS_LIMITS } from "@/server/process-state";
import { getMedia } from "@/server/whatsapp/media/storage";
import { providerClient } from "@/server/whatsapp/providers";
import { type ChannelAddressRow, channelAddress } from "@/server/whatsapp/providers/channel-address";
import { type OutboundPayload, ProviderError } from "@/server/whatsapp/providers/client";
import { tierLimit } from "@/server/whatsapp/sending/limits";
import { slowDown, spaceSend, waitForSendSlot } from "@/server/whatsapp/sending/pace";

/**
 * The send side of the job queue (service role): outbound messages, read
 * receipts, each through the channel's provider client (template lists: whatsapp/templates).
 */

type ChannelRow = ChannelAddressRow;

type OutboundRow = ChannelRow &
  With<
    Pick<
      Row<"messages">,
      | "id"
      | "workspace_id"
      | "status"
      | "wamid"
      | "type"
      | "content"
      | "media_id"
      | "media_storage_path"
      | "media_mime_type"
      | "media_filename"
    >,
    { content: OutboundPayload }
  > & { recipient: string | null; channel_status: Row<"whatsapp_channels">["status"] };

/** What the agent sees on a failed message: Meta's code and words. */
function errorRecord(error: unknown) {
  if (error instanceof ProviderError) {
    const { code, title, message, details } = error.details;
    return { code: code ?? error.status ?? undefined, title: title ?? error.message, message: message ?? error.message, details };
  }
  return { title: "Could not send", message: error instanceof Error ? error.message : String(error) };
}

/**
 * Meta's "slow down" answers: 130429 throughput reached, 131048 spam rate
 * limit (quality), 131056 too many messages to one customer. The number is
 * slowed and the message sent again later; not a failed attempt.
 */
const SLOW_DOWN_CODES = new Set([130429, 131048, 131056]);

/** Connection errors that mean the request never reached the provider: sending again cannot double it. */
const NOT_CONNECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * Whether the provider may have the message although we have no wamid: a
 * timeout or a connection cut after the request went out, or a 2xx answer
 * without a message id. A refusal with a status, or a connection never
 * made, means WhatsApp does not have it.
 */
function mayHaveBeenSent(error: unknown): boolean {
  if (!(error instanceof ProviderError)) return true;
  if (error.status !== null) return false;
  if (!error.transient) return false;
  const code = (error.cause as { cause?: { code?: string } } | undefined)?.cause?.code;
  return !(code && NOT_CONNECTED.has(code));
}

/**
 * After this long without a wamid or a status naming it, and without the
 * evidence that releases it (below), a claimed message is failed as "unknown".
 */
export const DOUBT_MINUTES = 10;

/**
 * An in-doubt message is released and sent again once a status was received
 * for a later-claimed message of its number at least this long after its
 * claim, while none named it (private.claim_send). Meta sends "sent" within
 * seconds of accepting a message, so by then its status would have come; and
 * a live worker's request leaves or is aborted within the provider timeout
 * (30 s) of its claim, so a claim still held by a working process is never
 * released. SEND_DOUBT_GRACE_SECONDS changes it (shorter in tests only).
 */
export const doubtGraceSeconds = () => env().SEND_DOUBT_GRACE_SECONDS;

export type SendOutcome = "sent" | "skipped" | "failed" | "deferred";

export interface SendOptions {
  finalAttempt: boolean;
  /** Queue the message's job again in this many seconds (a later turn, not a failed attempt). */
  defer?: (seconds: number) => Promise<void>;
}

type LoadedRow = OutboundRow & { channel_id: string; messaging_limit_tier: string | null };

/**
 * The reads, claims and records of every send in flight in this process
 * share statements (process-state.ts `coalesce`): with a hundred sends
 * waiting on the provider, one statement and one commit serve all of them,
 * not one transaction each. A claim still commits before its own request
 * leaves; only the round trip is shared.
 */
const loadMessages = coalesce(async (ids: string[]): Promise<(LoadedRow | null)[]> => {
  const rows = await asService(
    (tx) => tx<LoadedRow[]>`
      select m.id, m.workspace_id, m.status, m.wamid, m.type, m.content, m.media_id, m.media_storage_path,
             m.media_mime_type, m.media_filename, ch.provider, ch.phone_number_id, ch.waba_id, ch.credentials_encrypted,
             ch.status as channel_status, c.channel_id, ch.messaging_limit_tier,
             coalesce(k.wa_id, ltrim(k.phone_e164, '+')) as recipient
      from public.messages m
      join public.conversations c on c.workspace_id = m.workspace_id and c.id = m.conversation_id
      join public.whatsapp_channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
      join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
      where m.id = any(${tx.array(ids)}::uuid[]) and m.direction = 'outbound'`,
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}, PROCESS_LIMITS.sendLoads);

type Claim = "claimed" | "released" | "busy" | "tier" | "doubt" | "gone";

/** private.claim_sends: each entry's claim, committed before the caller's request leaves. */
const claimSends = coalesce(async (targets: { id: string; tier_limit: number | null }[]): Promise<Claim[]> => {
  const rows = await asService(
    (tx) => tx<{ n: string; claim: Claim }[]>`
      select n, claim from private.claim_sends(${JSON.stringify(targets)}::text::jsonb, make_interval(secs => ${doubtGraceSeconds()}))`,
  );
  const byPosition = new Map(rows.map((row) => [Number(row.n), row.claim]));
  return targets.map((_, i) => byPosition.get(i + 1) ?? "gone");
}, PROCESS_LIMITS.sendClaims);

interface SentRecord {
  id: string;
  workspace_id: string;
  wamid: string;
  /** The payload as sent, when it differs from the stored content (a media id added); null keeps the content. */
  content: OutboundPayload | null;
}

/**
 * Gives sent messages their wamids, in one transaction for the batch. A
 * provider that echoes our own sends as webhooks (Kapso's
 * whatsapp.message.sent) may have stored the echo as a row of its own
 * before this; it is the same message, so the echo goes and its statuses
 * are re-applied to ours by the early-status trigger.
 */
const recordSent = coalesce(async (records: SentRecord[]): Promise<null[]> => {
  const rows = JSON.stringify(records);
  await asService(async (tx) => {
    await tx`
      delete from public.messages m
      using jsonb_to_recordset(${rows}::text::jsonb) as v(id uuid, workspace_id uuid, wamid text)
      where m.workspace_id = v.workspace_id and m.wamid = v.wamid and m.id <> v.id and m.direction = 'outbound'`;
    await tx`
      update public.messages m set
        wamid = v.wamid, status = case when m.status = 'pending' then 'sent' else m.status end, error = null,
        send_claimed_at = null, content = coalesce(v.content, m.content)
      from jsonb_to_recordset(${rows}::text::jsonb) as v(id uuid, workspace_id uuid, wamid text, content jsonb)
      where m.workspace_id = v.workspace_id and m.id = v.id`;
  });
  return records.map(() => null);
}, PROCESS_LIMITS.sendRecords);

/**
 * Sends one pending outbound message, at its number's pace, in its
 * conversation's order, never twice:
 *
 * 1. waits for a send slot of the number (whatsapp/sending/pace.ts);
 * 2. claims the message in a short committed transaction
 *    (private.claim_sends, shared with the other sends of the moment):
 *    refused while an older message of the conversation is unsent, or the
 *    number's messaging limit is reached, and for a message an earlier
 *    attempt claimed and never settled, unless the evidence says WhatsApp
 *    never accepted it (doubtGraceSeconds): then it is claimed again;
 * 3. calls the provider outside any transaction, with the message id as
 *    biz_opaque_callback_data;
 * 4. records the wamid (or releases the claim on a refusal).
 *
 * A crash between 3 and 4 leaves the message claimed without a wamid: it
 * is not sent again blindly: the status webhook naming it settles it
 * (trigger on message_statuses); statuses of its number's later sends with
 * none for it release it (above); failing both, after DOUBT_MINUTES it fails
 * as unknown for a person to check. Transient refusals throw (the queue
 * retries with backoff) unless this is the last attempt; permanent ones
 * (131049, 131050, 131026 …) mark the message failed with WhatsApp's reason.
 */
export async function sendOutboundMessage(messageId: string, options: SendOptions): Promise<SendOutcome> {
  const message = await loadMessages(messageId);
  if (message?.status !== "pending" || message.wamid) return "skipped";
  await waitForSendSlot(message.channel_id);
  // Everything but the send itself happens before the claim, so a crash after it is most likely one with the request out.
  const prepared = await prepare(message).catch((error: unknown) => ({ error }));
  // Spaced before the claim, not after: a claimed message should be on its way, not waiting its turn.
  await spaceSend(message.channel_id);

  switch (await claimSends({ id: messageId, tier_limit: tierLimit(message.messaging_limit_tier) })) {
    case "claimed":
      break;
    case "released":
      logger.info({ messageId }, "in-doubt send released: its number's statuses flow and none named it; sending it again");
      break;
    case "busy":
      return later(options, 1);
    case "tier":
      return later(options, 600);
    case "doubt":
      return (await failIfDoubtful(messageId)) ? "failed" : later(options, Math.min(60, doubtGraceSeconds()));
    default:
      return "skipped";
  }
  if ("error" in prepared) return settleRefusal(message, prepared.error, { ...options, requested: false });
  const { client, payload, recipient } = prepared;
  let wamid: string;
  try {
    // biz_opaque_callback_data comes back on the message's status webhooks: it names our row when the answer was lost.
    ({ wamid } = await client.sendMessage(recipient, { ...payload, biz_opaque_callback_data: message.id }));
  } catch (error) {
    return settleRefusal(message, error, { ...options, requested: true });
  }
  // WhatsApp has the message now: from here on nothing may make the job send it again.
  await recordSent({
    id: message.id,
    workspace_id: message.workspace_id,
    wamid,
    content: payload === message.content ? null : payload,
  });
  return "sent";
}

/** The provider client and the request's body (media uploaded first), or why the message cannot go. */
async function prepare(message: LoadedRow) {
  const { recipient } = message;
  if (!recipient) throw new ProviderError("the contact has no WhatsApp number to write to", null, {}, false);
  if (message.channel_status === "disconnected") {
    throw new ProviderError("this WhatsApp number was disconnected before the message went out", null, {}, false);
  }
  const client = providerClient(channelAddress(message));
  return { client, recipient, payload: await withUploadedMedia(client, message) };
}

async function later(options: SendOptions, seconds: number): Promise<SendOutcome> {
  await options.defer?.(seconds);
  return "deferred";
}

/** A claim older than DOUBT_MINUTES that no status settled: failed, saying we cannot know. */
async function failIfDoubtful(messageId: string): Promise<boolean> {
  const error = {
    title: "Delivery unknown",
    message:
      "The sender stopped while WhatsApp was answering and no status has arrived for this message. It was not sent again; check with the customer before retrying.",
  };
  const rows = await asService(
    (tx) => tx`
      update public.messages set status = 'failed', failed_at = now(), send_claimed_at = null,
        error = ${tx.json(error)}
      where id = ${messageId} and status = 'pending' and wamid is null
        and send_claimed_at < now() - make_interval(mins => ${DOUBT_MINUTES})
      returning id`,
  );
  return rows.length > 0;
}

async function settleRefusal(message: LoadedRow, error: unknown, options: SendOptions & { requested: boolean }): Promise<SendOutcome> {
  if (options.requested && mayHaveBeenSent(error)) {
    // The claim stays: a status webhook, the release evidence or DOUBT_MINUTES settles it; the retry below finds it claimed.
    logger.warn({ messageId: message.id, error: errorMessage(error) }, "send outcome unknown: not sending it again");
    return later(options, 60);
  }
  if (error instanceof ProviderError && error.details.code !== undefined && SLOW_DOWN_CODES.has(error.details.code)) {
    await slowDown(message.channel_id);
    // Released without counting the attempt: WhatsApp asked for later, nothing failed.
    await asService(
      (tx) => tx`
        update public.messages set send_claimed_at = null, send_attempts = greatest(send_attempts - 1, 0)
        where id = ${message.id}`,
    );
    return later(options, 5 + Math.floor(Math.random() * 10));
  }
  const transient = !(error instanceof ProviderError) || error.transient;
  const final = !transient || options.finalAttempt;
  await asService(
    (tx) => tx`
      update public.messages set
        send_claimed_at = null,
        error = ${tx.json(errorRecord(error) as Parameters<typeof tx.json>[0])},
        status = case when ${final} then 'failed' else status end,
        failed_at = case when ${final} then now() else failed_at end
      where id = ${message.id}`,
  );
  // Thrown after the refusal was recorded, so the queue retries it with backoff.
  if (!final) throw error;
  return "failed";
}

/** Media messages: the stored file goes to the provider once; its media id is kept for retries. */
async function withUploadedMedia(client: ReturnType<typeof providerClient>, message: OutboundRow): Promise<OutboundPayload> {
  if (!message.media_storage_path) return message.content;
  let mediaId = message.media_id;
  if (!mediaId) {
    const bytes = await getMedia(message.media_storage_path);
    if (!bytes) throw new ProviderError("the attached file is no longer in storage", null, {}, false);
    ({ mediaId } = await client.uploadMedia({ bytes, mimeType: message.media_mime_type, filename: message.media_filename }));
    await asService((tx) => tx`update public.messages set media_id = ${mediaId} where id = ${message.id}`);
  }
  const kind = message.type;
  const media = (message.content[kind] ?? {}) as Record<string, unknown>;
  return { ...message.content, type: kind, [kind]: { ...media, id: mediaId } };
}

/** Blue ticks for the customer: WhatsApp marks this and every earlier message read. */
export async function sendReadReceipt(messageId: string): Promise<"sent" | "skipped"> {
  const [message] = await asService(
    (tx) => tx<(ChannelRow & Pick<Row<"messages">, "wamid">)[]>`
      select m.wamid, ch.provider, ch.phone_number_id, ch.waba_id, ch.credentials_encrypted
      from public.messages m
      join public.conversations c on c.workspace_id = m.workspace_id and c.id = m.conversation_id
      join public.whatsapp_channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
      where m.id = ${messageId} and m.direction = 'inbound'`,
  );
  if (!message?.wamid) return "skipped";
  try {
    await providerClient(channelAddress(message)).markRead(message.wamid);
  } catch (error) {
    // A refused receipt (message too old, number gone) is not worth retrying; the inbox is read either way.
    if (error instanceof ProviderError && !error.transient) return "skipped";
    throw error;
  }
  return "sent";
}
