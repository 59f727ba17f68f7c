import "server-only";
import { z } from "zod";
import { env } from "@/server/env";
import { webhookEndpoint } from "../channels/urls";
import { normalizeMetaEnvelope } from "../normalize/meta";
import { normalizeOnPremise } from "../normalize/onprem";
import { verifyHmacSha256 } from "../signature";
import type { ProviderAdapter } from "./adapter";
import { cloudApiClient, ProviderError, parseAnswer, postJson, request, trimBase, wabaTemplateList } from "./client";

const base = () => trimBase(env().DIALOG360_API_URL);
const keyHeader = (apiKey: string | undefined) => ({ "D360-API-KEY": apiKey ?? "" });

/**
 * 360dialog (waba-v2, DIALOG360_API_URL, D360-API-KEY). Its webhooks carry
 * no Meta signature: each channel gets its own URL with an unguessable
 * token, which authenticates; a partner signature is checked when one is
 * sent. Bodies are Meta's envelope, or the legacy On-Premise shape that
 * names no number (the token routes it).
 */
export const dialog360 = {
  routing: "path-token",
  webhookHeaders: ["x-360dialog-signature"],

  normalize: (body) =>
    Array.isArray((body as { entry?: unknown } | null)?.entry) ? normalizeMetaEnvelope(body) : normalizeOnPremise(body),

  verify(webhook, routed) {
    const channel = routed[0];
    if (!channel) return { ok: false, reason: "Unknown webhook token" };
    const signature = webhook.headers.get("x-360dialog-signature");
    if (signature !== null && !verifyHmacSha256(webhook.rawBody, channel.webhook_secret, signature)) {
      return { ok: false, reason: "Invalid x-360dialog-signature", channel };
    }
    return { ok: true, channels: [channel] };
  },

  webhookUrl: (webhookToken) => webhookEndpoint("360dialog", webhookToken),
  verifyToken: () => null,

  /** POST /v1/configs/webhook points the number (the key's) at its own URL; the token in it is the secret. */
  async registerWebhook(target) {
    const response = await postJson(`${base()}/v1/configs/webhook`, keyHeader(target.credentials.apiKey), { url: target.url });
    await response.body?.cancel(); // 2xx is the whole answer
    return { secret: null, providerWebhookId: null };
  },

  client(channel) {
    // 360dialog's Cloud API is scoped to the number by its key: no number in the path.
    const root = base();
    return cloudApiClient({
      headers: keyHeader(channel.credentials.apiKey),
      credentialOrigins: [root],
      numberBase: root,
      mediaLookupBase: root,
      // Media lookups name Meta's lookaside host; 360dialog serves the same path itself, with the key.
      rewriteMediaUrl: (url) => {
        const original = new URL(url);
        return `${root}${original.pathname}${original.search}`;
      },
      templates: { url: `${root}/v1/configs/templates?limit=1000`, answer: wabaTemplateList },
      // Creation takes Meta's template body at the same path; samples go through 360dialog's Resumable Upload
      // (POST /uploads, then POST /{session}), authenticated by the key like everything else.
      submitTemplatesUrl: `${root}/v1/configs/templates`,
      templateSamples: { sessions: `${root}/uploads`, base: root, headers: keyHeader(channel.credentials.apiKey) },
    });
  },
} satisfies ProviderAdapter;

const healthStatus = z.object({
  health_status: z.object({
    can_send_message: z.string().nullish(),
    entities: z.array(z.object({ entity_type: z.string(), id: z.string(), can_send_message: z.string().nullish() })),
  }),
});

/**
 * Connecting: GET /health_status with the key names the number and its
 * WABA (a wrong key is a 401), so the ids come from 360dialog, not the form.
 */
export async function lookUpDialog360Number(
  apiKey: string,
): Promise<{ phoneNumberId: string; wabaId: string | null; canSend: string | null }> {
  const problem = "360dialog's health status named no phone number";
  const response = await request(`${base()}/health_status`, { headers: keyHeader(apiKey) });
  const { health_status } = await parseAnswer(response, healthStatus, problem, false);
  const number = health_status.entities.find((e) => e.entity_type === "PHONE_NUMBER");
  if (!number) throw new ProviderError(problem, null, {}, false);
  return {
    phoneNumberId: number.id,
    wabaId: health_status.entities.find((e) => e.entity_type === "WABA")?.id ?? null,
    canSend: health_status.can_send_message ?? null,
  };
}
