import { NextResponse } from "next/server";
import { z } from "zod";
import { getSessionClaims } from "@/server/auth/current-user";
import { asUser } from "@/server/db/client";
import { findMessageMedia } from "@/server/whatsapp/media/message-media";
import { isDisplayableType, MEDIA_SAFETY_HEADERS, mediaFileResponse } from "@/server/whatsapp/media/serve-media";
import { getMedia, mediaBrowserUrl, SIGNED_URL_SECONDS } from "@/server/whatsapp/media/storage";

const problem = (status: number, code: string, message: string) =>
  NextResponse.json({ error: { code, message } }, { status, headers: MEDIA_SAFETY_HEADERS });
const notFound = () => problem(404, "not_found", "Media not found.");

/**
 * A message's stored media, for signed-in members of its workspace only (RLS
 * decides): the file, or a redirect to it. A customer chooses the file and its
 * declared type, so only checked images, audio and video are shown inline.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ messageId: string }> }) {
  const claims = await getSessionClaims();
  if (!claims) return problem(401, "unauthenticated", "Sign in required.");
  const messageId = z.uuid().safeParse((await params).messageId);
  if (!messageId.success) return notFound();

  const message = await asUser(claims, (tx) => findMessageMedia(tx, messageId.data));
  if (!message?.media_storage_path) {
    if (message?.media_status === "pending") return problem(409, "pending", "The file is still being downloaded.");
    return notFound();
  }
  // From Supabase Storage the browser fetches displayable files itself, with a short-lived signed URL
  // (another origin, so nothing there runs on ours); every other file comes through here as a download.
  const signedUrl = isDisplayableType(message.media_mime_type) ? await mediaBrowserUrl(message.media_storage_path) : null;
  if (signedUrl) {
    const response = NextResponse.redirect(signedUrl, 302);
    response.headers.set("cache-control", `private, max-age=${Math.floor(SIGNED_URL_SECONDS / 2)}`);
    for (const [name, value] of Object.entries(MEDIA_SAFETY_HEADERS)) response.headers.set(name, value);
    return response;
  }
  const bytes = await getMedia(message.media_storage_path);
  if (!bytes) return notFound();
  return mediaFileResponse(new Uint8Array(bytes), message.media_mime_type, message.media_filename);
}
