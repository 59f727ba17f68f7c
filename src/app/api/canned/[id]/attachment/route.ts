import { NextResponse } from "next/server";
import { z } from "zod";
import { getSessionClaims } from "@/server/auth/current-user";
import { readCannedAttachment } from "@/server/canned/responses";
import { asUser } from "@/server/db/client";
import { MEDIA_SAFETY_HEADERS, mediaFileResponse } from "@/server/whatsapp/media/serve-media";

const problem = (status: number, code: string, message: string) =>
  NextResponse.json({ error: { code, message } }, { status, headers: MEDIA_SAFETY_HEADERS });

/**
 * A canned response's file, for the members who may use the response (RLS
 * decides; anyone else gets "not found"). The composer's picker fetches it
 * to attach it to a reply.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const claims = await getSessionClaims();
  if (!claims) return problem(401, "unauthenticated", "Sign in required.");
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) return problem(404, "not_found", "No file.");
  const file = await asUser(claims, (tx) => readCannedAttachment(tx, id.data));
  if (!file) return problem(404, "not_found", "No file.");
  return mediaFileResponse(new Uint8Array(file.bytes), file.type, file.name);
}
