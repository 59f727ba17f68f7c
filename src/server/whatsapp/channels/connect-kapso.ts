import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { asUser, type Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError, type ErrorKey } from "@/server/errors";
import { actingMember, requireRole } from "@/server/workspaces/actor";
import type { WorkspaceContext } from "@/server/workspaces/context";
import { providers } from "../providers";
import { ProviderError } from "../providers/client";
import { type KapsoPhoneNumber, kapsoNumberDetails, kapsoPlatform } from "../providers/kapso-platform";
import { providerProblem, recordConnectedNumber } from "./record";
import { kapsoCallbackUrl } from "./urls";

/** A callback we refuse; `reason` is what the numbers page explains (src/lib/whatsapp-connect.ts). */
const refused = (reason: string, message: ErrorKey) => new AppError("forbidden", message, { reason });

const kapsoFailure = (error: unknown) => providerProblem(error, "Kapso", "kapso_failed");

/**
 * Starts connecting through Kapso: the workspace's Kapso customer (created
 * the first time), then a setup link whose redirect URLs carry a nonce of
 * ours. Returns the hosted page to send the admin to, until when Kapso
 * accepts it, and the Kapso customer it connects numbers under.
 */
export async function startKapsoSetup(
  context: WorkspaceContext,
  input: { provisionPhoneNumber: boolean },
): Promise<{ url: string; expiresAt: string | null; customerId: string }> {
  const actor = requireRole(actingMember(context), "admin");
  const platform = kapsoPlatform();
  const { claims, workspace } = context;
  const customerOf = (tx: Tx) =>
    tx<
      Pick<Row<"kapso_customers">, "kapso_customer_id">[]
    >`select kapso_customer_id from public.kapso_customers where workspace_id = ${workspace.id}`;

  const newCustomer = async (replacing: string | null) => {
    const created = await platform.createCustomer({ name: workspace.name, externalId: workspace.id }).catch((error: unknown) => {
      throw kapsoFailure(error);
    });
    return asUser(claims, async (tx) => {
      // Two admins clicking at once: the first row wins and both use it.
      if (replacing) {
        await tx`update public.kapso_customers set kapso_customer_id = ${created}
                 where workspace_id = ${workspace.id} and kapso_customer_id = ${replacing}`;
      } else {
        await tx`insert into public.kapso_customers (workspace_id, kapso_customer_id) values (${workspace.id}, ${created})
                 on conflict (workspace_id) do nothing`;
      }
      const [row] = await customerOf(tx);
      if (!row) throw new AppError("forbidden", "errors.channels.onlyAdminsManage");
      return row.kapso_customer_id;
    });
  };

  const state = randomBytes(24).toString("base64url");
  const request = {
    successUrl: kapsoCallbackUrl("success", state),
    failureUrl: kapsoCallbackUrl("failed", state),
    provisionPhoneNumber: input.provisionPhoneNumber,
  };
  let customerId = (await asUser(claims, customerOf))[0]?.kapso_customer_id ?? (await newCustomer(null));
  let link: Awaited<ReturnType<typeof platform.createSetupLink>>;
  try {
    link = await platform.createSetupLink(customerId, request);
  } catch (error) {
    // The customer was deleted on Kapso's side: start over with a new one.
    if (!(error instanceof ProviderError && error.status === 404)) throw kapsoFailure(error);
    customerId = await newCustomer(customerId);
    link = await platform.createSetupLink(customerId, request).catch((retryError: unknown) => {
      throw kapsoFailure(retryError);
    });
  }
  await asUser(
    claims,
    (tx) => tx`
      insert into public.kapso_setup_links ${tx({
        workspace_id: actor.workspaceId,
        kapso_setup_link_id: link.id,
        kapso_customer_id: customerId,
        state,
        provision_phone_number: input.provisionPhoneNumber,
        url: link.url,
        expires_at: link.expiresAt,
        created_by: actor.userId,
      })}`,
  );
  return { url: link.url, expiresAt: link.expiresAt, customerId };
}

/**
 * What Kapso's success redirect carries. Current integrations send
 * setup_link_id, status, phone_number_id, business_account_id,
 * provisioned_phone_number_id and display_phone_number; older ones
 * customer_id, connection_type and phone_number. `state` is ours.
 */
export const kapsoSuccessParams = z.object({
  state: z.string().min(32).max(200),
  setup_link_id: z.string().max(200).optional(),
  status: z.string().max(40).optional(),
  phone_number_id: z.string().max(100).optional(),
  customer_id: z.string().max(200).optional(),
  phone_number: z.string().max(40).optional(),
});
export type KapsoSuccessParams = z.infer<typeof kapsoSuccessParams>;

/**
 * Kapso's success redirect, in the admin's browser. The link must be one we
 * created in the admin's current workspace, unused, and match what Kapso
 * names; it is then used up (a replay is refused). The number is read back
 * from Kapso's API and must belong to the link's customer: nothing from the
 * query string is trusted beyond which number to ask about. Finally our
 * webhook is registered on the number with a fresh secret, and the channel
 * recorded with that secret so /api/webhooks/kapso can verify it.
 */
export async function completeKapsoSetup(context: WorkspaceContext, params: KapsoSuccessParams): Promise<{ channelId: string }> {
  const actor = requireRole(actingMember(context), "admin");
  if (params.status && params.status !== "completed") throw refused("not_completed", "errors.channels.kapsoNotCompleted");
  const link = await asUser(context.claims, async (tx) => {
    const [claimed] = await tx<Pick<Row<"kapso_setup_links">, "id" | "kapso_setup_link_id" | "kapso_customer_id">[]>`
      update public.kapso_setup_links set used_at = now()
      where workspace_id = ${actor.workspaceId} and state = ${params.state} and used_at is null
      returning id, kapso_setup_link_id, kapso_customer_id`;
    if (!claimed) {
      const [used] = await tx`select 1 from public.kapso_setup_links where workspace_id = ${actor.workspaceId} and state = ${params.state}`;
      throw used ? refused("already_used", "errors.channels.setupLinkUsed") : refused("unknown_link", "errors.channels.setupLinkUnknown");
    }
    // Thrown inside the transaction: a mismatch leaves the link unused.
    if (
      (params.setup_link_id && params.setup_link_id !== claimed.kapso_setup_link_id) ||
      (params.customer_id && params.customer_id !== claimed.kapso_customer_id)
    ) {
      throw refused("unknown_link", "errors.channels.callbackMismatch");
    }
    return claimed;
  });

  const platform = kapsoPlatform();
  const number = await confirmNumber(platform, link.kapso_customer_id, params).catch((error: unknown) => {
    throw kapsoFailure(error);
  });
  if (!number || number.customer_id !== link.kapso_customer_id) {
    throw refused("number_not_confirmed", "errors.channels.kapsoNumberNotListed");
  }

  const adapter = providers.kapso;
  const webhook = await adapter
    .registerWebhook({ phoneNumberId: number.phone_number_id, credentials: {}, url: adapter.webhookUrl() })
    .catch((error: unknown) => {
      throw kapsoFailure(error);
    });
  return asUser(context.claims, async (tx) => {
    const channel = await recordConnectedNumber(tx, actor, {
      ...kapsoNumberDetails(number),
      credentials: null,
      webhookSecret: webhook.secret,
      providerWebhookId: webhook.providerWebhookId,
    });
    await tx`update public.kapso_setup_links set channel_id = ${channel.id} where workspace_id = ${actor.workspaceId} and id = ${link.id}`;
    return { channelId: channel.id };
  });
}

/** The number the callback names, as Kapso knows it; older callbacks name none, so the customer's numbers are searched. */
async function confirmNumber(
  platform: ReturnType<typeof kapsoPlatform>,
  customerId: string,
  params: KapsoSuccessParams,
): Promise<KapsoPhoneNumber | undefined> {
  if (params.phone_number_id) return platform.getPhoneNumber(params.phone_number_id);
  const numbers = await platform.listCustomerPhoneNumbers(customerId);
  const digits = params.phone_number?.replace(/\D/g, "");
  return digits ? numbers.find((n) => n.display_phone_number?.replace(/\D/g, "") === digits) : numbers[0];
}
