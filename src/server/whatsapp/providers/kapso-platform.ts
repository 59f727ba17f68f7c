import "server-only";
import { z } from "zod";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { parseAnswer, postJson, request, trimBase } from "./client";

/**
 * Kapso's Platform API (https://api.kapso.ai/platform/v1, X-API-Key): the
 * calls that connect a customer's number through a hosted setup link. Paths
 * and shapes as in docs.kapso.ai/api/platform/v1; every answer is parsed
 * with zod, so a surprise is an error, not a half-connected number.
 */

/** What our Kapso webhook on a number subscribes to: the events normalize/kapso.ts understands. */
export const KAPSO_WEBHOOK_EVENTS = [
  "whatsapp.message.received",
  "whatsapp.message.sent",
  "whatsapp.message.delivered",
  "whatsapp.message.read",
  "whatsapp.message.failed",
  "whatsapp.conversation.created",
  "whatsapp.conversation.ended",
  "whatsapp.conversation.inactive",
] as const;

const customerAnswer = z.object({ data: z.object({ id: z.string().min(1) }) });

const setupLinkAnswer = z.object({
  data: z.object({ id: z.string().min(1), url: z.url(), expires_at: z.string().nullish() }),
});

const phoneNumber = z.object({
  phone_number_id: z.string().min(1),
  customer_id: z.string().nullish(),
  business_account_id: z.string().nullish(),
  display_phone_number: z.string().nullish(),
  verified_name: z.string().nullish(),
  display_name: z.string().nullish(),
  is_coexistence: z.boolean().nullish(),
});
export type KapsoPhoneNumber = z.infer<typeof phoneNumber>;

/** What a channel records of a number as Kapso describes it (never what a query string or a form said). */
export function kapsoNumberDetails(number: KapsoPhoneNumber) {
  return {
    provider: "kapso" as const,
    phoneNumberId: number.phone_number_id,
    wabaId: number.business_account_id ?? null,
    displayPhoneNumber: number.display_phone_number ?? null,
    name: number.verified_name ?? number.display_name ?? null,
    connectionType: number.is_coexistence ? ("coexistence" as const) : ("dedicated" as const),
  };
}

const webhookAnswer = z.object({ data: z.object({ id: z.string().min(1) }) });

const parse = <T>(response: Response, schema: z.ZodType<T>, what: string): Promise<T> =>
  parseAnswer(response, schema, `Kapso answered ${what} in an unexpected shape`, false);

/** Our project's Platform API, or a workspace's own Kapso project when its key is given. */
export function kapsoPlatform(ownApiKey?: string) {
  const { KAPSO_API_KEY, KAPSO_PLATFORM_URL } = env();
  const apiKey = ownApiKey ?? KAPSO_API_KEY;
  if (!apiKey) throw new AppError("invalid", "errors.channels.kapsoNotSetUp");
  const base = trimBase(KAPSO_PLATFORM_URL);
  const headers = { "X-API-Key": apiKey };
  const get = (path: string) => request(`${base}${path}`, { headers });
  const post = (path: string, body: unknown) => postJson(`${base}${path}`, headers, body);
  const id = encodeURIComponent;

  return {
    /** POST /customers: the business that will own the numbers; our workspace id as its external id. */
    async createCustomer(input: { name: string; externalId: string }): Promise<string> {
      const answer = await post("/customers", { customer: { name: input.name, external_customer_id: input.externalId } });
      return (await parse(answer, customerAnswer, "the new customer")).data.id;
    },

    /** POST /customers/{id}/setup_links: a hosted embedded-signup page (revokes the customer's earlier links). */
    async createSetupLink(
      customerId: string,
      input: { successUrl: string; failureUrl: string; provisionPhoneNumber: boolean },
    ): Promise<{ id: string; url: string; expiresAt: string | null }> {
      const answer = await post(`/customers/${id(customerId)}/setup_links`, {
        setup_link: {
          success_redirect_url: input.successUrl,
          failure_redirect_url: input.failureUrl,
          allowed_connection_types: ["coexistence", "dedicated"],
          provision_phone_number: input.provisionPhoneNumber,
          theme_config: { primary_color: "#059669", primary_foreground_color: "#ffffff" },
        },
      });
      const { data } = await parse(answer, setupLinkAnswer, "the setup link");
      return { id: data.id, url: data.url, expiresAt: data.expires_at ?? null };
    },

    /** GET /whatsapp/phone_numbers/{phone_number_id}: the number as Kapso knows it, with its customer. */
    async getPhoneNumber(phoneNumberId: string): Promise<KapsoPhoneNumber> {
      return (await parse(await get(`/whatsapp/phone_numbers/${id(phoneNumberId)}`), z.object({ data: phoneNumber }), "the phone number"))
        .data;
    },

    /** GET /whatsapp/phone_numbers?customer_id=…: a customer's numbers, newest first. */
    async listCustomerPhoneNumbers(customerId: string): Promise<KapsoPhoneNumber[]> {
      const answer = await parse(
        await get(`/whatsapp/phone_numbers?customer_id=${id(customerId)}`),
        z.object({ data: z.array(phoneNumber) }),
        "the phone numbers",
      );
      return answer.data.filter((n) => n.customer_id === customerId);
    },

    /** POST /whatsapp/phone_numbers/{id}/webhooks: Kapso signs every delivery with `secret` (X-Webhook-Signature). */
    async createPhoneNumberWebhook(phoneNumberId: string, input: { url: string; secret: string }): Promise<string> {
      const answer = await post(`/whatsapp/phone_numbers/${id(phoneNumberId)}/webhooks`, {
        whatsapp_webhook: {
          url: input.url,
          kind: "kapso",
          secret_key: input.secret,
          events: KAPSO_WEBHOOK_EVENTS,
          payload_version: "v2",
          active: true,
        },
      });
      return (await parse(answer, webhookAnswer, "the webhook")).data.id;
    },
  };
}
