import { handleWebhookPost } from "@/server/ingest/webhook-route";

/** Webhooks of providers that route by the channel's token in the URL (360dialog: /api/webhooks/360dialog/<token>). */
export async function POST(request: Request, { params }: { params: Promise<{ provider: string; token: string }> }) {
  const { provider, token } = await params;
  return handleWebhookPost(request, provider, token);
}
