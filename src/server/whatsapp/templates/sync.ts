import "server-only";
import { asService } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { providerClient } from "../providers";
import { type ChannelAddressRow, channelAddress } from "../providers/channel-address";

/**
 * Replaces what we know of a channel's templates with the provider's list
 * (every page of it): new ones added, changed ones updated (status, quality,
 * category, components), and ones deleted at the provider removed, so
 * nobody is offered a template Meta would refuse. Returns how many the
 * provider listed; 0 when the channel cannot list them.
 */
export async function syncChannelTemplates(channelId: string): Promise<number> {
  const [channel] = await asService(
    (tx) => tx<(ChannelAddressRow & Pick<Row<"whatsapp_channels">, "workspace_id">)[]>`
      select workspace_id, provider, phone_number_id, waba_id, credentials_encrypted
      from public.whatsapp_channels where id = ${channelId} and status = 'active'`,
  );
  if (!channel) return 0;
  const templates = await providerClient(channelAddress(channel)).listTemplates();
  if (templates === null) return 0;
  await asService(async (tx) => {
    await tx`
      delete from public.whatsapp_templates
      where workspace_id = ${channel.workspace_id} and waba_id is not distinct from ${channel.waba_id}
        and provider_template_id <> all(${templates.map((t) => t.id)}::text[])`;
    if (templates.length === 0) return;
    await tx`
      insert into public.whatsapp_templates ${tx(
        templates.map((t) => ({
          workspace_id: channel.workspace_id,
          waba_id: channel.waba_id,
          channel_id: channelId,
          provider_template_id: t.id,
          name: t.name,
          language: t.language,
          category: t.category?.toUpperCase() ?? null,
          status: t.status.toUpperCase(),
          quality: t.quality?.toUpperCase() ?? null,
          parameter_format: t.parameterFormat,
          rejection_reason: t.rejectedReason,
          components: tx.json(t.components as Parameters<typeof tx.json>[0]),
          synced_at: new Date(),
        })),
      )}
      on conflict (workspace_id, provider_template_id) do update set
        waba_id = coalesce(excluded.waba_id, whatsapp_templates.waba_id), channel_id = excluded.channel_id,
        name = excluded.name, language = excluded.language, category = excluded.category, status = excluded.status,
        quality = coalesce(excluded.quality, whatsapp_templates.quality), parameter_format = excluded.parameter_format,
        rejection_reason = excluded.rejection_reason, components = excluded.components, synced_at = excluded.synced_at`;
  });
  return templates.length;
}

/** Every active channel, for the daily sync. */
export async function activeChannelIds(): Promise<string[]> {
  const rows = await asService(
    (tx) => tx<Pick<Row<"whatsapp_channels">, "id">[]>`select id from public.whatsapp_channels where status = 'active'`,
  );
  return rows.map((r) => r.id);
}
