import "server-only";
import { randomBytes } from "node:crypto";
import { env } from "@/server/env";
import { hubChallenge } from "../channel-routes";
import { webhookEndpoint } from "../channels/urls";
import { normalizeKapso } from "../normalize/kapso";
import { verifyChannelSignature } from "../signature";
import type { ProviderAdapter } from "./adapter";
import { cloudApiClient, graphTemplateList, trimBase } from "./client";
import { kapsoPlatform } from "./kapso-platform";

/**
 * Kapso (KAPSO_API_URL): Meta's Cloud API proxied one to one under Kapso's
 * host, with X-API-Key. Webhooks (v2 events, or forwarded Meta payloads)
 * are signed with the secret we gave when registering them on the number
 * (X-Webhook-Signature); the event's name comes as X-Webhook-Event.
 * Connecting goes through Kapso's Platform API (kapso-platform.ts).
 */
export const kapso = {
  routing: "ids",
  webhookHeaders: ["x-webhook-event", "x-webhook-batch", "x-webhook-signature", "x-idempotency-key"],

  normalize: (body, headers) => normalizeKapso(body, headers.event),

  // KAPSO_WEBHOOK_SECRET (single-tenant installs) vouches for every Kapso number, as META_APP_SECRET does for Meta's.
  verify: (webhook, routed, unroutable) =>
    verifyChannelSignature(webhook.rawBody, webhook.headers.get("x-webhook-signature"), routed, unroutable, env().KAPSO_WEBHOOK_SECRET),

  /**
   * Kapso itself signs its POSTs and sends no GET handshake (docs.kapso.ai, webhooks → security); a
   * Meta-style subscription check on the Kapso URL (hub.challenge) is answered for KAPSO_WEBHOOK_SECRET
   * or a connected Kapso number's verify token.
   */
  handshake: (params) => hubChallenge(params, "kapso", env().KAPSO_WEBHOOK_SECRET),

  webhookUrl: () => webhookEndpoint("kapso"),
  verifyToken: (webhookToken) => webhookToken,

  /** POST /whatsapp/phone_numbers/{id}/webhooks with a fresh 256-bit secret, which becomes the channel's webhook secret. */
  async registerWebhook(target) {
    const secret = randomBytes(32).toString("hex");
    const providerWebhookId = await kapsoPlatform().createPhoneNumberWebhook(target.phoneNumberId, { url: target.url, secret });
    return { secret, providerWebhookId };
  },

  client(channel) {
    // Numbers connected through our setup links store no key: they are sent with our project's key.
    const base = trimBase(env().KAPSO_API_URL);
    const waba = channel.wabaId && encodeURIComponent(channel.wabaId);
    return cloudApiClient({
      headers: { "X-API-Key": channel.credentials.apiKey ?? env().KAPSO_API_KEY ?? "" },
      // A webhook's media_url may name any host: the key goes only to Kapso's own.
      credentialOrigins: [base, env().KAPSO_PLATFORM_URL],
      numberBase: `${base}/${encodeURIComponent(channel.phoneNumberId)}`,
      mediaLookupBase: base,
      // Kapso's webhooks carry a direct media_url; the Graph lookup is the fallback.
      directMediaUrls: true,
      templates: waba ? { url: `${base}/${waba}/message_templates?limit=250`, answer: graphTemplateList } : null,
      submitTemplatesUrl: waba && `${base}/${waba}/message_templates`,
      // Kapso's proxy documents no Resumable Upload (it needs Meta's app, which is Kapso's own).
      templateSamples: {
        unavailable:
          "Kapso's API takes no header samples from other apps, so media-header templates of a Kapso number are created in Kapso's dashboard. Use a text header here, or create it there and press Sync now.",
      },
      numberFields: true,
    });
  },
} satisfies ProviderAdapter;
