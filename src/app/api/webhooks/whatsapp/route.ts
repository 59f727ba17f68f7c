import { handleSoleChannelWebhookPost, handleWebhookGet } from "@/server/ingest/webhook-route";

/**
 * /api/webhooks/whatsapp: the URL CRMs built on 360dialog registered, served
 * for the install's one 360dialog number (else a 404 naming the per-number
 * URL; docs/webhooks.md). 360dialog has no GET handshake: its GET says so.
 */
export const GET = (request: Request) => handleWebhookGet(request, "360dialog");

export const POST = (request: Request) => handleSoleChannelWebhookPost(request, "360dialog");
