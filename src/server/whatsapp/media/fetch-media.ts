import "server-only";
import { asService } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import type { Provider } from "../providers";
import { providerClient } from "../providers";
import { ProviderError, readCredentials } from "../providers/client";
import { mediaKey, putMedia } from "./storage";

type PendingMedia = Pick<Row<"messages">, "id" | "workspace_id" | "media_id" | "media_url" | "media_status"> &
  With<Pick<Row<"whatsapp_channels">, "provider" | "phone_number_id" | "waba_id" | "credentials_encrypted">, { provider: Provider }>;

/**
 * Downloads one message's media from its provider into storage. A failure
 * that may pass (network, 5xx, rate limit) throws, so the job queue retries
 * with backoff; one that cannot (a refused address, a 4xx, a file over the
 * limit) or the last attempt marks the media failed with the reason, and
 * a final failure ends the job without retries. The message stays as it
 * is either way.
 */
export async function fetchMessageMedia(messageId: string, options: { finalAttempt: boolean }): Promise<"stored" | "skipped" | "failed"> {
  const [message] = await asService(
    (tx) => tx<PendingMedia[]>`
      select m.id, m.workspace_id, m.media_id, m.media_url, m.media_status, ch.provider, ch.phone_number_id, ch.waba_id,
             ch.credentials_encrypted
      from public.messages m
      join public.conversations c on c.id = m.conversation_id
      join public.whatsapp_channels ch on ch.id = c.channel_id
      where m.id = ${messageId}`,
  );
  if (message?.media_status !== "pending") return "skipped";

  try {
    const client = providerClient({
      provider: message.provider,
      phoneNumberId: message.phone_number_id,
      wabaId: message.waba_id,
      credentials: readCredentials(message.credentials_encrypted),
    });
    const file = await client.downloadMedia({ id: message.media_id, url: message.media_url });
    const key = mediaKey(message.workspace_id, message.id);
    await putMedia(key, file.bytes, file.mimeType);
    await asService(
      (tx) => tx`
        update public.messages set media_status = 'stored', media_storage_path = ${key}, media_size = ${file.bytes.byteLength},
               media_mime_type = coalesce(media_mime_type, ${file.mimeType}), media_error = null
        where id = ${message.id}`,
    );
    return "stored";
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const final = error instanceof ProviderError && !error.transient;
    await asService(
      (tx) => tx`
        update public.messages set media_error = ${reason.slice(0, 500)},
               media_status = case when ${final || options.finalAttempt} then 'failed' else media_status end
        where id = ${message.id}`,
    );
    if (final) return "failed";
    throw error;
  }
}

/** Media still pending after `olderThanSeconds`: for the sweep, in case a job was never queued. */
export async function staleMediaMessages(olderThanSeconds: number, limit: number): Promise<string[]> {
  const rows = await asService(
    (tx) => tx<Pick<Row<"messages">, "id">[]>`
      select id from public.messages
      where media_status = 'pending' and created_at < now() - make_interval(secs => ${olderThanSeconds})
      order by created_at limit ${limit}`,
  );
  return rows.map((r) => r.id);
}
