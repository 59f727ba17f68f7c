import "server-only";
import { z } from "zod";
import { env } from "@/server/env";
import { hubChallenge } from "../channel-routes";
import { webhookEndpoint } from "../channels/urls";
import { normalizeMetaEnvelope } from "../normalize/meta";
import { verifyChannelSignature } from "../signature";
import type { ProviderAdapter } from "./adapter";
import { cloudApiClient, graphTemplateList, ProviderError, parseAnswer, request, trimBase } from "./client";

const META_MEDIA_ORIGIN = "https://lookaside.fbsbx.com";

/**
 * Meta's Cloud API, direct (META_GRAPH_URL): a number on the business's own
 * Meta app. Webhooks are signed with the app secret (X-Hub-Signature-256):
 * ours (META_APP_SECRET) or the one the admin gave for the number, stored as
 * its webhook secret. Nothing to register: the admin pastes our URL and the
 * channel's verify token into their app, which Meta checks by a GET handshake.
 */
export const meta = {
  routing: "ids",
  webhookHeaders: ["x-hub-signature-256"],

  normalize: (body) => normalizeMetaEnvelope(body),

  verify: (webhook, routed, unroutable) =>
    verifyChannelSignature(webhook.rawBody, webhook.headers.get("x-hub-signature-256"), routed, unroutable, env().META_APP_SECRET),

  /** Echo hub.challenge when the verify token is ours (META_WEBHOOK_VERIFY_TOKEN) or a connected Meta number's. */
  handshake: (params) => hubChallenge(params, "meta", env().META_WEBHOOK_VERIFY_TOKEN),

  webhookUrl: () => webhookEndpoint("meta"),
  verifyToken: (webhookToken) => webhookToken,

  client(channel) {
    const base = trimBase(env().META_GRAPH_URL);
    const waba = channel.wabaId && encodeURIComponent(channel.wabaId);
    return cloudApiClient({
      headers: { authorization: `Bearer ${channel.credentials.accessToken ?? ""}` },
      // Media lookups answer a lookaside.fbsbx.com URL, which serves the file only with the access token (Meta's "Download Media").
      credentialOrigins: [base, META_MEDIA_ORIGIN],
      numberBase: `${base}/${encodeURIComponent(channel.phoneNumberId)}`,
      mediaLookupBase: base,
      templates: waba ? { url: `${base}/${waba}/message_templates?limit=250`, answer: graphTemplateList } : null,
      submitTemplatesUrl: waba && `${base}/${waba}/message_templates`,
      templateSamples: metaTemplateSamples(base, channel.credentials.accessToken),
      numberFields: true,
    });
  },
} satisfies ProviderAdapter;

/** Header samples go through the Resumable Upload API, which Meta opens only under an app id (META_APP_ID). */
function metaTemplateSamples(base: string, accessToken: string | undefined) {
  const appId = env().META_APP_ID;
  if (!appId) {
    return {
      unavailable:
        "Media headers need a sample uploaded through Meta's Resumable Upload API, which works only with the Meta app's id, and this installation has none (META_APP_ID). Use a text header, or ask whoever runs Conversa to set it.",
    };
  }
  // Meta documents the upload calls with "OAuth", not "Bearer".
  return { sessions: `${base}/${appId}/uploads`, base, headers: { authorization: `OAuth ${accessToken ?? ""}` } };
}

const graphPhoneNumber = z.object({
  id: z.string(),
  display_phone_number: z.string().nullish(),
  verified_name: z.string().nullish(),
});

/** Connecting: GET /{phone-number-id} with the access token proves the token reaches the number. */
export async function lookUpMetaNumber(phoneNumberId: string, accessToken: string) {
  const url = `${trimBase(env().META_GRAPH_URL)}/${encodeURIComponent(phoneNumberId)}?fields=id,display_phone_number,verified_name`;
  const response = await request(url, { headers: { authorization: `Bearer ${accessToken}` } });
  const number = await parseAnswer(response, graphPhoneNumber, "Meta answered for another phone number id", false);
  if (number.id !== phoneNumberId) throw new ProviderError("Meta answered for another phone number id", null, {}, false);
  return { displayPhoneNumber: number.display_phone_number ?? null, verifiedName: number.verified_name ?? null };
}
