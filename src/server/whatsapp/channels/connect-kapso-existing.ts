import "server-only";
import { asUser } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import { actingMember, requireRole } from "@/server/workspaces/actor";
import type { WorkspaceContext } from "@/server/workspaces/context";
import { providers } from "../providers";
import { ProviderError } from "../providers/client";
import { kapsoNumberDetails, kapsoPlatform } from "../providers/kapso-platform";
import { providerProblem, recordConnectedNumber } from "./record";

export interface ExistingKapsoNumber {
  phoneNumberId: string;
  /** The secret the number's Kapso webhook signs with (set in Kapso's dashboard). */
  webhookSecret: string;
  /** The workspace's own Kapso project key; without it the number is reached with the server's KAPSO_API_KEY. */
  apiKey: string | null;
}

/**
 * A number already on Kapso, connected without our setup link (teams moving
 * from their own Kapso CRM). Kapso must know the number under the key that
 * will send for it before anything is stored. Through the server's own
 * project, a number set up for another workspace's Kapso customer is not
 * this workspace's to take. The webhook stays the one the team configured
 * in Kapso: it is pointed at the URL returned here, signed with its secret.
 */
export async function connectExistingKapsoNumber(
  context: WorkspaceContext,
  input: ExistingKapsoNumber,
): Promise<{ channelId: string; webhookUrl: string }> {
  const actor = requireRole(actingMember(context), "admin");
  const number = await kapsoPlatform(input.apiKey ?? undefined)
    .getPhoneNumber(input.phoneNumberId)
    .catch((error: unknown) => {
      if (error instanceof ProviderError && error.status === 404) {
        throw new AppError("invalid", input.apiKey ? "errors.channels.kapsoUnknownNumberWithKey" : "errors.channels.kapsoUnknownNumber", {
          reason: "number_not_found",
        });
      }
      throw providerProblem(error, "Kapso", "kapso_failed");
    });
  return asUser(context.claims, async (tx) => {
    if (!input.apiKey && number.customer_id) {
      const [own] = await tx<Pick<Row<"kapso_customers">, "kapso_customer_id">[]>`
        select kapso_customer_id from public.kapso_customers where workspace_id = ${actor.workspaceId}`;
      if (own?.kapso_customer_id !== number.customer_id) {
        throw new AppError("forbidden", "errors.channels.kapsoOtherCustomer", {
          reason: "number_not_confirmed",
        });
      }
    }
    const channel = await recordConnectedNumber(tx, actor, {
      ...kapsoNumberDetails(number),
      credentials: input.apiKey ? { apiKey: input.apiKey } : null,
      webhookSecret: input.webhookSecret,
    });
    return { channelId: channel.id, webhookUrl: providers.kapso.webhookUrl() };
  });
}
