import { NextResponse } from "next/server";
import { z } from "zod";
import { getSessionClaims } from "@/server/auth/current-user";
import { asUser } from "@/server/db/client";
import { getMedia, mediaBrowserUrl, SIGNED_URL_SECONDS } from "@/server/whatsapp/media/storage";

const notFound = () => NextResponse.json({ error: { code: "not_found", message: "Media not found." } }, { status: 404 });

/** A message's stored media, for signed-in members of its workspace only (RLS decides): the file, or a redirect to it. */
export async function GET(_request: Request, { params }: { params: Promise<{ messageId: string }> }) {
  const claims = await getSessionClaims();
  if (!claims) return NextResponse.json({ error: { code: "unauthenticated", message: "Sign in required." } }, { status: 401 });
  const messageId = z.uuid().safeParse((await params).messageId);
  if (!messageId.success) return notFound();

  const [message] = await asUser(
    claims,
    (tx) => tx<
      { media_storage_path: string | null; media_mime_type: string | null; media_filename: string | null; media_status: string | null }[]
    >`
      select media_storage_path, media_mime_type, media_filename, media_status from public.messages where id = ${messageId.data}`,
  );
  if (!message?.media_storage_path) {
    if (message?.media_status === "pending") {
      return NextResponse.json({ error: { code: "pending", message: "The file is still being downloaded." } }, { status: 409 });
    }
    return notFound();
  }
  // From Supabase Storage the browser fetches the file itself, with a short-lived signed URL.
  const signedUrl = await mediaBrowserUrl(message.media_storage_path);
  if (signedUrl) {
    const response = NextResponse.redirect(signedUrl, 302);
    response.headers.set("cache-control", `private, max-age=${Math.floor(SIGNED_URL_SECONDS / 2)}`);
    return response;
  }
  const bytes = await getMedia(message.media_storage_path);
  if (!bytes) return notFound();
  const filename = message.media_filename?.replace(/["\\\r\n]/g, "") ?? "file";
  return new NextResponse(new Uint8Array(bytes), {
    headers: {
      "content-type": message.media_mime_type ?? "application/octet-stream",
      "content-length": String(bytes.byteLength),
      "content-disposition": `inline; filename="${filename}"`,
      "cache-control": "private, max-age=3600",
      "x-content-type-options": "nosniff",
    },
  });
}
