import "server-only";
import type { Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import type { Provider } from "../providers";
import { providerAdapter } from "../providers";

type ChannelColumns = With<
  Pick<
    Row<"whatsapp_channels">,
    | "id"
    | "provider"
    | "phone_number_id"
    | "waba_id"
    | "display_phone_number"
    | "name"
    | "connection_type"
    | "status"
    | "connected_at"
    | "disconnected_at"
    | "credentials_last4"
  >,
  // Checked text columns, narrowed to what the check allows.
  { provider: Provider; connection_type: "coexistence" | "dedicated"; status: "pending" | "active" | "disconnected" | "error" }
>;

export type ChannelListItem = ChannelColumns & {
  /** The URL to paste into the provider's dashboard (Kapso's is registered for you). */
  webhook_url: string;
  /** We registered the webhook on the provider (Kapso setup links); false: the admin configures it there. */
  webhook_registered: boolean;
  /** The verify token of the provider's subscription handshake, for providers that ask for one (Meta). */
  verify_token: string | null;
};

/** The workspace's numbers for the admins' page: live ones first. The token comes only to admins (SQL function). */
export async function listChannels(tx: Tx, workspaceId: string): Promise<ChannelListItem[]> {
  const rows = await tx<(ChannelColumns & { webhook_token: string | null; webhook_registered: boolean })[]>`
    select c.id, c.provider, c.phone_number_id, c.waba_id, c.display_phone_number, c.name, c.connection_type, c.status,
           c.connected_at, c.disconnected_at, c.credentials_last4, t.webhook_token,
           c.provider_webhook_id is not null as webhook_registered
    from public.whatsapp_channels c
    left join private.channel_webhook_tokens(${workspaceId}) t on t.channel_id = c.id
    where c.workspace_id = ${workspaceId}
    order by c.status = 'disconnected', c.connected_at desc nulls last, c.id`;
  return rows.map(({ webhook_token, ...row }) => {
    const adapter = providerAdapter(row.provider);
    return { ...row, webhook_url: adapter.webhookUrl(webhook_token), verify_token: adapter.verifyToken(webhook_token) };
  });
}
