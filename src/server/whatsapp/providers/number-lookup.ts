import "server-only";
import { z } from "zod";
import { env } from "@/server/env";
import { ProviderError, postJson, request } from "./client";

/**
 * Checks that credentials an admin typed work, before they are stored, and
 * learns the number's ids from the provider's answer rather than the form.
 */

const trim = (url: string) => url.replace(/\/$/, "");

const healthStatus = z.object({
  health_status: z.object({
    can_send_message: z.string().nullish(),
    entities: z.array(z.object({ entity_type: z.string(), id: z.string(), can_send_message: z.string().nullish() })),
  }),
});

/**
 * 360dialog (waba-v2): GET /health_status with the key names the number and
 * its WABA (a wrong key is a 401); POST /v1/configs/webhook points the
 * number's webhook at our per-channel URL.
 */
export const dialog360 = {
  async lookUp(apiKey: string): Promise<{ phoneNumberId: string; wabaId: string | null; canSend: string | null }> {
    const response = await request(`${trim(env().DIALOG360_API_URL)}/health_status`, { headers: { "D360-API-KEY": apiKey } });
    const parsed = healthStatus.safeParse(await response.json().catch(() => null));
    const entities = parsed.success ? parsed.data.health_status.entities : [];
    const number = entities.find((e) => e.entity_type === "PHONE_NUMBER");
    if (!parsed.success || !number) throw new ProviderError("360dialog's health status named no phone number", null, {}, false);
    return {
      phoneNumberId: number.id,
      wabaId: entities.find((e) => e.entity_type === "WABA")?.id ?? null,
      canSend: parsed.data.health_status.can_send_message ?? null,
    };
  },

  async setWebhook(apiKey: string, url: string): Promise<void> {
    await postJson(`${trim(env().DIALOG360_API_URL)}/v1/configs/webhook`, { "D360-API-KEY": apiKey }, { url });
  },
};

const graphPhoneNumber = z.object({
  id: z.string(),
  display_phone_number: z.string().nullish(),
  verified_name: z.string().nullish(),
});

/** Meta Cloud API: GET /{phone-number-id} with the access token proves the token reaches the number. */
export async function lookUpMetaNumber(phoneNumberId: string, accessToken: string) {
  const url = `${trim(env().META_GRAPH_URL)}/${encodeURIComponent(phoneNumberId)}?fields=id,display_phone_number,verified_name`;
  const response = await request(url, { headers: { authorization: `Bearer ${accessToken}` } });
  const parsed = graphPhoneNumber.safeParse(await response.json().catch(() => null));
  if (!parsed.success || parsed.data.id !== phoneNumberId) {
    throw new ProviderError("Meta answered for another phone number id", null, {}, false);
  }
  return { displayPhoneNumber: parsed.data.display_phone_number ?? null, verifiedName: parsed.data.verified_name ?? null };
}
