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

/**
 * Why WhatsApp (or a template's header) would refuse a file, as data: the
 * server raises it and the browser shows it, each worded through
 * `mediaProblemMessage` in the reader's language.
 */
export type MediaProblem =
  | { reason: "type"; mimeType: string }
  | { reason: "size"; kind: MediaKind; maxBytes: number }
  | { reason: "headerNone" }
  | { reason: "headerMissing"; kind: HeaderKind }
  | { reason: "headerType"; kind: HeaderKind; mimeType: string };

/** The media a template header can show. */
type HeaderKind = "image" | "video" | "document";

/** Why WhatsApp would refuse this file, or null when it is fine. */
export function mediaProblem(mimeType: string, size: number): MediaProblem | null {
  const kind = mediaKindFor(mimeType);
  if (!kind) return { reason: "type", mimeType };
  if (size > MEDIA_RULES[kind].maxBytes) return { reason: "size", kind, maxBytes: MEDIA_RULES[kind].maxBytes };
  return null;
}

/** The catalogue sentence (full key and its values) saying a problem. */
export function mediaProblemMessage(problem: MediaProblem): {
  key: `errors.media.${"fileType" | "fileTypeUnknown" | "fileTooBig" | "headerNone" | "headerMissing" | "headerType" | "headerTypeUnknown"}`;
  values: Record<string, string | number>;
} {
  switch (problem.reason) {
    case "type":
      return problem.mimeType
        ? { key: "errors.media.fileType", values: { type: problem.mimeType } }
        : { key: "errors.media.fileTypeUnknown", values: {} };
    case "size": {
      const mb = problem.maxBytes / 1024 / 1024;
      // Whole megabytes, or one decimal under 1 MB (a sticker's 0.5 MB).
      return {
        key: "errors.media.fileTooBig",
        values: { kind: problem.kind, megabytes: mb >= 1 ? Math.round(mb) : Math.round(mb * 10) / 10 },
      };
    }
    case "headerNone":
      return { key: "errors.media.headerNone", values: {} };
    case "headerMissing":
      return { key: "errors.media.headerMissing", values: { kind: problem.kind } };
    case "headerType":
      return problem.mimeType
        ? { key: "errors.media.headerType", values: { kind: problem.kind, type: problem.mimeType } }
        : { key: "errors.media.headerTypeUnknown", values: { kind: problem.kind } };
  }
}

/** WhatsApp's limit for a text message body. */
export const MAX_TEXT_LENGTH = 4096;
