import { NextResponse } from "next/server";
import { z } from "zod";
import { getSessionClaims } from "@/server/auth/current-user";
import { asUser } from "@/server/db/client";
import { readAvatar } from "@/server/profile/avatars";
import { MEDIA_SAFETY_HEADERS } from "@/server/whatsapp/media/serve-media";

const problem = (status: number, code: string, message: string) =>
  NextResponse.json({ error: { code, message } }, { status, headers: MEDIA_SAFETY_HEADERS });

/**
 * A member's picture, for themselves and the people they share a workspace
 * with (RLS decides; anyone else gets "not found"). Its type was taken from
 * its bytes at upload. The address carries the picture's id (?v=), so an
 * answer is cached until the member uploads another.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ userId: string }> }) {
  const claims = await getSessionClaims();
  if (!claims) return problem(401, "unauthenticated", "Sign in required.");
  const userId = z.uuid().safeParse((await params).userId);
  if (!userId.success) return problem(404, "not_found", "No picture.");
  const avatar = await asUser(claims, (tx) => readAvatar(tx, userId.data));
  if (!avatar) return problem(404, "not_found", "No picture.");
  return new Response(new Uint8Array(avatar.bytes), {
    headers: {
      ...MEDIA_SAFETY_HEADERS,
      "content-type": avatar.contentType,
      "content-length": String(avatar.bytes.byteLength),
      "cache-control": "private, max-age=31536000, immutable",
    },
  });
}
