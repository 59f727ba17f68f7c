import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/server/env";
import { isMetaVerifyToken } from "@/server/whatsapp/channel-routes";
import { handleWebhookPost } from "@/server/whatsapp/webhook-route";

/**
 * Meta's subscription handshake: echo hub.challenge when the verify token is
 * ours (META_WEBHOOK_VERIFY_TOKEN for our own app, or the token a number
 * connected with its own app shows in Settings → WhatsApp numbers).
 */
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const expected = env().META_WEBHOOK_VERIFY_TOKEN;
  const token = params.get("hub.verify_token");
  if (params.get("hub.mode") === "subscribe" && token && ((expected && token === expected) || (await isMetaVerifyToken(token)))) {
    return new NextResponse(params.get("hub.challenge") ?? "", { status: 200, headers: { "content-type": "text/plain" } });
  }
  return new NextResponse("Forbidden", { status: 403, headers: { "content-type": "text/plain" } });
}

export function POST(request: NextRequest) {
  return handleWebhookPost(request, "meta");
}
