import "server-only";
import { asService, type Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { getMedia } from "@/server/whatsapp/media/storage";
import { providerClient } from "@/server/whatsapp/providers";
import { type ChannelAddressRow, channelAddress } from "@/server/whatsapp/providers/channel-address";
import { type OutboundPayload, ProviderError } from "@/server/whatsapp/providers/client";

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

export type SendOutcome = "sent" | "skipped" | "failed";

/**
 * Sends one pending outbound message. The row stays locked while the
 * provider answers, so two workers never send it twice; a message that is no
 * longer pending (already sent, or retried and sent by another job) is left
 * alone. Transient failures throw (the queue retries with backoff) unless
 * this is the last attempt; permanent ones mark the message failed.
 */
export async function sendOutboundMessage(messageId: string, options: { finalAttempt: boolean }): Promise<SendOutcome> {
  let retryableError: unknown = null;
  const outcome = await asService(async (tx): Promise<SendOutcome> => {
    const [message] = await tx<OutboundRow[]>`
      select m.id, m.workspace_id, m.status, m.wamid, m.type, m.content, m.media_id, m.media_storage_path,
             m.media_mime_type, m.media_filename, ch.provider, ch.phone_number_id, ch.waba_id, ch.credentials_encrypted,
             ch.status as channel_status,
             coalesce(k.wa_id, ltrim(k.phone_e164, '+')) as recipient
      from public.messages m
      join public.conversations c on c.workspace_id = m.workspace_id and c.id = m.conversation_id
      join public.whatsapp_channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
      join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
      where m.id = ${messageId} and m.direction = 'outbound'
      for update of m skip locked`;
    if (message?.status !== "pending" || message.wamid) return "skipped";

    await tx`update public.messages set send_attempts = send_attempts + 1 where id = ${message.id}`;
    let sent: { wamid: string; payload: OutboundPayload };
    try {
      if (!message.recipient) throw new ProviderError("the contact has no WhatsApp number to write to", null, {}, false);
      if (message.channel_status === "disconnected") {
        throw new ProviderError("this WhatsApp number was disconnected before the message went out", null, {}, false);
      }
      const client = providerClient(channelAddress(message));
      const payload = await withUploadedMedia(tx, client, message);
      sent = { ...(await client.sendMessage(message.recipient, payload)), payload };
    } catch (error) {
      const transient = !(error instanceof ProviderError) || error.transient;
      const final = !transient || options.finalAttempt;
      await tx`
        update public.messages set
          error = ${tx.json(errorRecord(error) as Parameters<typeof tx.json>[0])},
          status = case when ${final} then 'failed' else status end,
          failed_at = case when ${final} then now() else failed_at end
        where id = ${message.id}`;
      if (!final) retryableError = error;
      return "failed";
    }
    // WhatsApp has the message now: from here on nothing may make the job send it again.
    await storeWamid(tx, message, sent.wamid, sent.payload);
    return "sent";
  });
  // Thrown after the transaction committed the attempt, so the queue retries it.
  if (retryableError) throw retryableError;
  return outcome;
}

/**
 * Gives the sent message its wamid. A provider that echoes our own sends as
 * webhooks (Kapso's whatsapp.message.sent) may have stored the echo as a
 * row of its own before this; it is the same message, so the echo goes and
 * its statuses are re-applied to ours by the early-status trigger.
 */
async function storeWamid(tx: Tx, message: OutboundRow, wamid: string, payload: OutboundPayload) {
  await tx`
    delete from public.messages
    where workspace_id = ${message.workspace_id} and wamid = ${wamid} and id <> ${message.id} and direction = 'outbound'`;
  await tx`
    update public.messages set wamid = ${wamid}, status = 'sent', error = null, content = ${tx.json(payload as Parameters<typeof tx.json>[0])}
    where id = ${message.id}`;
}

/** Media messages: the stored file goes to the provider once; its media id is kept for retries. */
async function withUploadedMedia(tx: Tx, client: ReturnType<typeof providerClient>, message: OutboundRow): Promise<OutboundPayload> {
  if (!message.media_storage_path) return message.content;
  let mediaId = message.media_id;
  if (!mediaId) {
    const bytes = await getMedia(message.media_storage_path);
    if (!bytes) throw new ProviderError("the attached file is no longer in storage", null, {}, false);
    ({ mediaId } = await client.uploadMedia({ bytes, mimeType: message.media_mime_type, filename: message.media_filename }));
    await tx`update public.messages set media_id = ${mediaId} where id = ${message.id}`;
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
