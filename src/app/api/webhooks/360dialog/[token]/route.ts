import type { NextRequest } from "next/server";
import { handleWebhookPost } from "@/server/whatsapp/webhook-route";

export async function POST(request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  return handleWebhookPost(request, "360dialog", (await params).token);
}
