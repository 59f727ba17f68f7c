import "server-only";

/**
 * How /api/media answers with a customer's file. The declared type comes
 * from whoever sent the file, so it is not trusted: only image, audio and
 * video types WhatsApp carries are shown in the page, and only when the
 * bytes start with that format's signature; everything else is a download.
 */

/** On every media answer: no type sniffing, and a document opened anyway runs in an opaque origin without scripts. */
export const MEDIA_SAFETY_HEADERS = { "x-content-type-options": "nosniff", "content-security-policy": "sandbox" } as const;

const startsWith = (bytes: Uint8Array, signature: number[] | string, offset = 0) => {
  const expected = typeof signature === "string" ? [...signature].map((c) => c.charCodeAt(0)) : signature;
  return bytes.length >= offset + expected.length && expected.every((byte, i) => bytes[offset + i] === byte);
};
// ISO base media (MP4, 3GPP, M4A): a "ftyp" box first.
const isoMedia = (b: Uint8Array) => startsWith(b, "ftyp", 4);
// MPEG audio frame sync: 11 set bits.
const mpegFrame = (b: Uint8Array) => b.length >= 2 && b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0;

/** The displayable types of WhatsApp's media rules (src/lib/whatsapp-media.ts) and how each file of that type begins. */
export const DISPLAYABLE_SIGNATURES: Record<string, (bytes: Uint8Array) => boolean> = {
  "image/jpeg": (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  "image/png": (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  "image/webp": (b) => startsWith(b, "RIFF") && startsWith(b, "WEBP", 8),
  "video/mp4": isoMedia,
  "video/3gpp": isoMedia,
  "audio/mp4": isoMedia,
  // ADTS frames (sync word 0xFFF, layer 0) or an ADIF header.
  "audio/aac": (b) => (b[0] === 0xff && ((b[1] ?? 0) & 0xf6) === 0xf0) || startsWith(b, "ADIF"),
  "audio/amr": (b) => startsWith(b, "#!AMR"),
  "audio/mpeg": (b) => startsWith(b, "ID3") || mpegFrame(b),
  "audio/ogg": (b) => startsWith(b, "OggS"),
};

/** "Audio/OGG; codecs=opus" → "audio/ogg". */
export function mimeEssence(mimeType: string | null): string {
  return (mimeType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** Whether the declared type is one the page may show (before looking at the bytes). */
export const isDisplayableType = (mimeType: string | null) => mimeEssence(mimeType) in DISPLAYABLE_SIGNATURES;

/** A Content-Disposition for a download: a plain ASCII fallback name and the full name percent-encoded (RFC 6266). */
export function attachmentDisposition(filename: string | null): string {
  const name =
    (filename ?? "")
      .replace(/[\p{Cc}\p{Cf}/\\]/gu, "")
      .trim()
      .slice(0, 200) || "file";
  const ascii = name.replace(/[^\x20-\x7e]|["%;]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The file itself: inline with its checked type when it is a real image, audio or video file, otherwise a download of opaque bytes. */
export function mediaFileResponse(bytes: Uint8Array<ArrayBuffer>, declaredType: string | null, filename: string | null): Response {
  const type = mimeEssence(declaredType);
  const inline = DISPLAYABLE_SIGNATURES[type]?.(bytes) ?? false;
  return new Response(bytes, {
    headers: {
      ...MEDIA_SAFETY_HEADERS,
      "content-type": inline ? type : "application/octet-stream",
      "content-length": String(bytes.byteLength),
      "content-disposition": inline ? "inline" : attachmentDisposition(filename),
      "cache-control": "private, max-age=3600",
    },
  });
}
