import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/server/env";
import { handleWebhookPost } from "@/server/whatsapp/webhook-route";

/** Meta's subscription handshake: echo hub.challenge when the verify token matches. */
export function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const expected = env().META_WEBHOOK_VERIFY_TOKEN;
  if (params.get("hub.mode") === "subscribe" && expected && params.get("hub.verify_token") === expected) {
    return new NextResponse(params.get("hub.challenge") ?? "", { status: 200, headers: { "content-type": "text/plain" } });
  }
  return new NextResponse("Forbidden", { status: 403, headers: { "content-type": "text/plain" } });
}

export function POST(request: NextRequest) {
  return handleWebhookPost(request, "meta");
}
