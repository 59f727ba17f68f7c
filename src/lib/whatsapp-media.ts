/** What WhatsApp accepts per media type (its documented limits); checked in the composer and again on the server. */
export const MEDIA_RULES = {
  image: { mimeTypes: ["image/jpeg", "image/png"], maxBytes: 5 * 1024 * 1024 },
  video: { mimeTypes: ["video/mp4", "video/3gpp"], maxBytes: 16 * 1024 * 1024 },
  audio: { mimeTypes: ["audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"], maxBytes: 16 * 1024 * 1024 },
  sticker: { mimeTypes: ["image/webp"], maxBytes: 500 * 1024 },
  document: {
    mimeTypes: [
      "text/plain",
      "text/csv",
      "application/pdf",
      "application/msword",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.ms-excel",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.ms-powerpoint",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ],
    maxBytes: 100 * 1024 * 1024,
  },
} as const;

export type MediaKind = keyof typeof MEDIA_RULES;

export const ACCEPTED_MIME_TYPES = Object.values(MEDIA_RULES).flatMap((rule) => rule.mimeTypes);

export function mediaKindFor(mimeType: string): MediaKind | null {
  return (Object.keys(MEDIA_RULES) as MediaKind[]).find((k) => (MEDIA_RULES[k].mimeTypes as readonly string[]).includes(mimeType)) ?? null;
}

function megabytes(bytes: number) {
  const mb = bytes / 1024 / 1024;
  return `${mb >= 1 ? Math.round(mb) : mb.toFixed(1)} MB`;
}

/** Why WhatsApp would refuse this file, or null when it is fine. */
export function mediaProblem(mimeType: string, size: number): string | null {
  const kind = mediaKindFor(mimeType);
  if (!kind) return `WhatsApp cannot send files of type ${mimeType || "unknown"}.`;
  if (size > MEDIA_RULES[kind].maxBytes) return `WhatsApp allows ${kind} files up to ${megabytes(MEDIA_RULES[kind].maxBytes)}.`;
  return null;
}

/** WhatsApp's limit for a text message body. */
export const MAX_TEXT_LENGTH = 4096;
