import "server-only";
import { recordAudit } from "@/server/audit/record";
import { encryptSecret } from "@/server/crypto/secrets";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import { enqueue } from "@/server/jobs/enqueue";
import type { Actor } from "@/server/workspaces/actor";
import type { Provider } from "../providers";
import { type ChannelCredentials, ProviderError } from "../providers/client";
import { templateSyncJob } from "../templates/jobs";

export interface ConnectedNumber {
  provider: Provider;
  phoneNumberId: string;
  wabaId: string | null;
  displayPhoneNumber: string | null;
  name: string | null;
  connectionType: "coexistence" | "dedicated";
  /** Stored encrypted; null when the channel sends with our own key (Kapso setup links). */
  credentials: ChannelCredentials | null;
  /** The secret the provider signs this number's webhooks with; unchanged when omitted. */
  webhookSecret?: string;
  providerWebhookId?: string | null;
}

/** The last four characters of the credential the admin gave: all that is ever shown of it. */
const last4 = (credentials: ChannelCredentials | null) => (credentials?.apiKey ?? credentials?.accessToken ?? "").slice(-4) || null;

/**
 * Records a number as connected in the actor's workspace (admins only:
 * RLS): a new channel, or the same channel again when the number was
 * connected here before (disconnected numbers keep their conversations and
 * come back with them). A number another workspace holds is refused.
 */
export async function recordConnectedNumber(tx: Tx, actor: Actor, number: ConnectedNumber): Promise<{ id: string }> {
  const values = {
    provider: number.provider,
    waba_id: number.wabaId,
    display_phone_number: number.displayPhoneNumber,
    name: number.name,
    connection_type: number.connectionType,
    status: "active",
    credentials_encrypted: number.credentials ? encryptSecret(JSON.stringify(number.credentials)) : null,
    credentials_last4: last4(number.credentials),
    connected_at: new Date(),
    disconnected_at: null,
    provider_webhook_id: number.providerWebhookId ?? null,
    ...(number.webhookSecret ? { webhook_secret: number.webhookSecret } : {}),
  };
  const [existing] = await tx<Pick<Row<"whatsapp_channels">, "id">[]>`
    select id from public.whatsapp_channels
    where workspace_id = ${actor.workspaceId} and phone_number_id = ${number.phoneNumberId}
    for update`;
  let id: string;
  if (existing) {
    await tx`update public.whatsapp_channels set ${tx(values)} where workspace_id = ${actor.workspaceId} and id = ${existing.id}`;
    id = existing.id;
  } else {
    try {
      const [row] = await tx.savepoint(
        (sp) => sp<Pick<Row<"whatsapp_channels">, "id">[]>`
          insert into public.whatsapp_channels ${sp({ ...values, workspace_id: actor.workspaceId, phone_number_id: number.phoneNumberId })}
          returning id`,
      );
      if (!row) throw new AppError("forbidden", "errors.channels.onlyAdminsConnect");
      id = row.id;
    } catch (error) {
      // phone_number_id is unique across workspaces, and this workspace has no row with it.
      if ((error as { code?: string }).code === "23505") {
        throw new AppError("conflict", "errors.channels.connectedElsewhere");
      }
      throw error;
    }
  }
  await recordAudit(tx, {
    workspaceId: actor.workspaceId,
    action: "channel.connected",
    target: { type: "whatsapp_channel", id, label: number.displayPhoneNumber ?? number.phoneNumberId },
    details: { provider: number.provider, connection_type: number.connectionType, reconnected: Boolean(existing) },
  });
  // Its templates, once the connection is committed (the job is queued in this transaction).
  await enqueue(templateSyncJob, { channelId: id }, { tx });
  return { id };
}

/** Stops routing and sending for a number; its conversations and messages stay. */
export async function disconnectChannel(tx: Tx, actor: Actor, channelId: string): Promise<void> {
  const [row] = await tx<Pick<Row<"whatsapp_channels">, "provider" | "display_phone_number" | "phone_number_id">[]>`
    update public.whatsapp_channels set status = 'disconnected', disconnected_at = now()
    where workspace_id = ${actor.workspaceId} and id = ${channelId} and status <> 'disconnected'
    returning provider, display_phone_number, phone_number_id`;
  if (!row) throw new AppError("not_found", "errors.channels.cannotDisconnect");
  await recordAudit(tx, {
    workspaceId: actor.workspaceId,
    action: "channel.disconnected",
    target: { type: "whatsapp_channel", id: channelId, label: row.display_phone_number ?? row.phone_number_id },
    details: { provider: row.provider },
  });
}

/**
 * A provider's refusal, in words an admin can act on. Credentials that do
 * not work are the common case; anything else names the provider's reason.
 */
export function providerProblem(error: unknown, provider: string, reason = "provider_failed"): unknown {
  if (!(error instanceof ProviderError)) return error;
  const technical = { technical: error.message };
  if (error.status === 401 || error.status === 403) {
    return new AppError("invalid", { key: "errors.channels.credentialsRefused", values: { provider } }, { reason }, technical);
  }
  if (error.status === null || error.status >= 500) {
    return new AppError("invalid", { key: "errors.channels.unreachable", values: { provider } }, { reason }, technical);
  }
  const refusal = error.details.message ?? error.message;
  return new AppError("invalid", { key: "errors.channels.providerRefused", values: { provider, reason: refusal } }, { reason }, technical);
}
