import "server-only";
import { asUser } from "@/server/db/client";
import { actingMember, requireRole } from "@/server/workspaces/actor";
import type { WorkspaceContext } from "@/server/workspaces/context";
import { providers } from "../providers";
import { lookUpDialog360Number } from "../providers/dialog360";
import { lookUpMetaNumber } from "../providers/meta";
import { providerProblem, recordConnectedNumber } from "./record";

/**
 * A 360dialog number by its API key: the key is checked against 360dialog
 * (which also names the number), the channel is recorded, and 360dialog's
 * webhook is pointed at the channel's own URL. The webhook call happens
 * inside the transaction, so a refusal there leaves nothing saved.
 */
export async function connectDialog360(context: WorkspaceContext, input: { apiKey: string; displayPhoneNumber: string | null }) {
  const actor = requireRole(actingMember(context), "admin");
  const number = await lookUpDialog360Number(input.apiKey).catch((error: unknown) => {
    throw providerProblem(error, "360dialog");
  });
  return asUser(context.claims, async (tx) => {
    const channel = await recordConnectedNumber(tx, actor, {
      provider: "360dialog",
      phoneNumberId: number.phoneNumberId,
      wabaId: number.wabaId,
      displayPhoneNumber: input.displayPhoneNumber,
      name: null,
      connectionType: "dedicated",
      credentials: { apiKey: input.apiKey },
    });
    const [token] = await tx<{ webhook_token: string }[]>`
      select webhook_token from private.channel_webhook_tokens(${actor.workspaceId}) where channel_id = ${channel.id}`;
    const adapter = providers["360dialog"];
    await adapter
      .registerWebhook({
        phoneNumberId: number.phoneNumberId,
        credentials: { apiKey: input.apiKey },
        url: adapter.webhookUrl(token?.webhook_token ?? null),
      })
      .catch((error: unknown) => {
        throw providerProblem(error, "360dialog");
      });
    return channel;
  });
}

/**
 * A number on the business's own Meta app: the token must reach the number
 * (Graph API) before anything is stored; the app secret becomes the secret
 * its webhooks are checked against.
 */
export async function connectMetaNumber(
  context: WorkspaceContext,
  input: { phoneNumberId: string; wabaId: string; accessToken: string; appSecret: string },
) {
  const actor = requireRole(actingMember(context), "admin");
  const number = await lookUpMetaNumber(input.phoneNumberId, input.accessToken).catch((error: unknown) => {
    throw providerProblem(error, "Meta");
  });
  return asUser(context.claims, (tx) =>
    recordConnectedNumber(tx, actor, {
      provider: "meta",
      phoneNumberId: input.phoneNumberId,
      wabaId: input.wabaId,
      displayPhoneNumber: number.displayPhoneNumber,
      name: number.verifiedName,
      connectionType: "dedicated",
      credentials: { accessToken: input.accessToken },
      webhookSecret: input.appSecret,
    }),
  );
}
