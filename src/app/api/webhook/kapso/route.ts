import { handleWebhookGet, handleWebhookPost } from "@/server/ingest/webhook-route";

/**
 * /api/webhook/kapso (singular): the URL CRMs built on Kapso gave Kapso,
 * served exactly as /api/webhooks/kapso is, so a team moving here keeps its
 * webhook settings (docs/webhooks.md).
 */
export const GET = (request: Request) => handleWebhookGet(request, "kapso");

export const POST = (request: Request) => handleWebhookPost(request, "kapso");
