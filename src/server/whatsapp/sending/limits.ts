import "server-only";
import { asService, type Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { logger } from "@/server/log";
import type { Provider } from "@/server/whatsapp/providers";
import { providerClient } from "@/server/whatsapp/providers";
import { readCredentials } from "@/server/whatsapp/providers/client";

/**
 * A number's messaging-limit tier: how many customers it may start
 * business-initiated conversations with in a rolling 24 hours (Meta:
 * TIER_250, TIER_1K, TIER_10K, TIER_100K, TIER_UNLIMITED; TIER_2K since the
 * 2025 portfolio limits). The sender holds new conversations back once the
 * limit is reached (private.claim_send).
 */
const TIER = /^TIER_(?:(\d+)(K?)|UNLIMITED)$/;

/** The tier's number of conversations; null for unlimited or not known. */
export function tierLimit(tier: string | null): number | null {
  const match = tier ? TIER.exec(tier) : null;
  if (!match?.[1]) return null;
  return Number(match[1]) * (match[2] ? 1000 : 1);
}

/** A tier name as we store it, or null for anything else a provider might say. */
export function parseTier(value: string | null | undefined): string | null {
  const tier = value?.trim().toUpperCase() ?? "";
  return TIER.test(tier) ? tier : null;
}

type LimitChannel = With<
  Pick<Row<"whatsapp_channels">, "id" | "provider" | "phone_number_id" | "waba_id" | "credentials_encrypted">,
  { provider: Provider }
>;

/**
 * Reads the number's tier from its provider (Meta and Kapso serve the
 * phone number's fields; 360dialog does not) and stores it. Returns the
 * tier, or null when the provider does not say.
 */
export async function readMessagingLimit(channelId: string): Promise<string | null> {
  const [channel] = await asService(
    (tx) => tx<LimitChannel[]>`
      select id, provider, phone_number_id, waba_id, credentials_encrypted
      from public.whatsapp_channels where id = ${channelId} and status = 'active'`,
  );
  if (!channel) return null;
  const client = providerClient({
    provider: channel.provider,
    phoneNumberId: channel.phone_number_id,
    wabaId: channel.waba_id,
    credentials: readCredentials(channel.credentials_encrypted),
  });
  if (!client.readMessagingLimit) return null;
  const said = await client.readMessagingLimit();
  const tier = parseTier(said);
  if (said && !tier) logger.warn({ channelId, tier: said }, "the provider named a messaging limit we do not know");
  await asService((tx) => recordMessagingLimit(tx, channelId, tier));
  return tier;
}

/**
 * Stores a number's tier (from its provider, or a phone_number_quality_update
 * webhook's current_limit, which names the number by its display number:
 * `displayPhoneNumber`, digits, must then match the channel's).
 */
export async function recordMessagingLimit(tx: Tx, channelId: string, tier: string | null, match: { displayPhoneNumber?: string } = {}) {
  await tx`
    update public.whatsapp_channels
    set messaging_limit_tier = coalesce(${tier}, messaging_limit_tier), messaging_limit_read_at = now()
    where id = ${channelId}
      and (${match.displayPhoneNumber ?? null}::text is null
           or regexp_replace(coalesce(display_phone_number, ''), '[^0-9]', '', 'g') = ${match.displayPhoneNumber ?? null})`;
}

/** Every active number whose tier was not read in the last `hours`. */
export async function channelsDueForLimitRead(hours: number): Promise<string[]> {
  const rows = await asService(
    (tx) => tx<Pick<Row<"whatsapp_channels">, "id">[]>`
      select id from public.whatsapp_channels
      where status = 'active' and (messaging_limit_read_at is null or messaging_limit_read_at < now() - make_interval(hours => ${hours}))`,
  );
  return rows.map((r) => r.id);
}

/** Conversations opened more than a day ago no longer count against any tier. */
export async function forgetOldBusinessConversations(): Promise<void> {
  await asService((tx) => tx`delete from private.business_conversations where opened_at < now() - interval '25 hours'`);
}
