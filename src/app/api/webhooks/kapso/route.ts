import type { NextRequest } from "next/server";
import { handleWebhookPost } from "@/server/whatsapp/webhook-route";

export function POST(request: NextRequest) {
  return handleWebhookPost(request, "kapso");
}
