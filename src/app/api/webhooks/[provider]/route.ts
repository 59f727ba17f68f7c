import { handleWebhookGet, handleWebhookPost } from "@/server/ingest/webhook-route";

/**
 * Every provider's webhooks (providers/index.ts names them): Meta posts to
 * /api/webhooks/meta (and checks it with a GET handshake), Kapso to
 * /api/webhooks/kapso. Kapso's setup callbacks (kapso/success, kapso/failed)
 * are routes of their own.
 */
export async function GET(request: Request, { params }: { params: Promise<{ provider: string }> }) {
  return handleWebhookGet(request, (await params).provider);
}

export async function POST(request: Request, { params }: { params: Promise<{ provider: string }> }) {
  return handleWebhookPost(request, (await params).provider);
}
