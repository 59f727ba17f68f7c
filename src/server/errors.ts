import "server-only";
import type { Messages } from "next-intl";
// The core, without React: the worker (react-server conditions) renders errors too.
import { createTranslator } from "use-intl/core";
import type { Translate } from "@/lib/readable-issues";
import { type NoteValue, readNote } from "@/lib/stored-notes";
import { logger } from "@/server/log";
import english from "../../messages/en";

export type AppErrorCode = "unauthenticated" | "forbidden" | "not_found" | "conflict" | "invalid" | "rate_limited";

/** The codes of the integration API's error body: the domain's, plus two only HTTP has. */
export type ApiErrorCode = AppErrorCode | "payload_too_large" | "internal";

/** The status a route handler answers each code with (the API's errors, a refused file download). */
export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  invalid: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
};

/** `{ a: { b: "…" } }` → `"a.b"`: every message's full key under a namespace. */
type Leaves<T, Prefix extends string> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A sentence of the `errors` catalogue, by its full key: typed, so a misspelt key does not compile. */
export type ErrorKey = Leaves<Messages["errors"], "errors.">;

/**
 * What an error says: a catalogue key (with the values its message takes),
 * or `{ text }`, a sentence that is already in the reader's words (input
 * checked in their language) or is not ours to translate (a provider's).
 */
export type ErrorText = ErrorKey | { key: ErrorKey; values: Record<string, NoteValue> } | { text: string };

/** The English catalogue: what the integration API, logs and stored job outcomes say. */
export const inEnglish = createTranslator({ locale: "en", messages: english as Messages });

/**
 * The sentence in one language. English (the default) is what the
 * integration API, logs and stored job outcomes say; Server Actions render
 * the same error in their caller's language.
 */
export function render(text: ErrorText, t: Translate = inEnglish): string {
  return readNote(text, t);
}

/** What an error adds for a form: which inputs it is about, and the detail for developers. */
export interface ErrorExtras<Text = ErrorText> {
  /**
   * Messages per input, keyed by the field's path in the action's input
   * ("url", "hours.sat.close"), which is also the form input's `name`.
   */
  fields?: Record<string, Text>;
  /** The technical reason (zod's issues, a provider's answer): logged, and shown under "Details", never as the message. */
  technical?: string;
}

/** The one error whose message may reach the browser; `message` is its English sentence. */
export class AppError extends Error {
  /** The message per input, in English (as `message` is). */
  readonly fields?: Record<string, string>;
  readonly fieldTexts?: Record<string, ErrorText>;
  readonly technical?: string;
  constructor(
    readonly code: AppErrorCode,
    readonly text: ErrorText,
    /** Ids the browser may act on (e.g. the existing contact a duplicate points to). */
    readonly details?: Record<string, string>,
    extras: ErrorExtras = {},
  ) {
    super(render(text));
    this.name = "AppError";
    this.fieldTexts = extras.fields;
    this.fields = renderFields(extras.fields);
    this.technical = extras.technical;
  }
}

const renderFields = (texts: Record<string, ErrorText> | undefined, t?: Translate) =>
  texts && Object.fromEntries(Object.entries(texts).map(([field, text]) => [field, render(text, t)]));

/** Invalid input in one field: the message is both the form's summary and the field's own. */
export const invalidField = (field: string, text: ErrorText, technical?: string) =>
  new AppError("invalid", text, undefined, { fields: { [field]: text }, technical });

interface PostgresErrorLike {
  code?: string;
  message?: string;
  constraint_name?: string;
}

/** The sentences our migrations raise for people, by their (English) wording in the SQL. */
const DATABASE_SENTENCES: Record<string, ErrorKey> = {
  "A pipeline needs at least one stage.": "errors.database.pipelineNeedsStage",
  "Audit log entries cannot be changed or deleted.": "errors.database.auditImmutable",
  "Choose two different contacts to merge.": "errors.database.mergeSameContact",
  "Only admins can change whether a contact is opted out.": "errors.database.onlyAdminsOptOut",
  "Only admins can merge contacts.": "errors.database.onlyAdminsMerge",
  "Only an owner can grant or remove the owner role.": "errors.database.ownerRole",
  "A workspace must keep at least one owner.": "errors.database.keepOneOwner",
  "This contact does not exist or is not in this workspace.": "errors.contacts.notFound",
};

/** A known sentence in the reader's language; any other (a developer's guard) as the database wrote it. */
const databaseText = (message: string | undefined, fallback: ErrorKey): ErrorText =>
  message === undefined ? fallback : (DATABASE_SENTENCES[message] ?? { text: message });

/**
 * Turns what the database refused into an AppError. SQLSTATEs of class CV
 * are raised by our own migrations with messages written for users.
 */
export function fromDatabaseError(error: unknown, conflict: ErrorText = "errors.common.alreadyExists"): AppError | null {
  const pg = error as PostgresErrorLike;
  if (typeof pg?.code !== "string") return null;
  if (pg.code === "CV403") return new AppError("forbidden", databaseText(pg.message, "errors.common.notAllowed"));
  if (pg.code === "CV404") return new AppError("not_found", databaseText(pg.message, "errors.common.notFound"));
  if (pg.code === "CV409") return new AppError("conflict", databaseText(pg.message, "errors.common.notAllowed"));
  if (pg.code === "42501") return new AppError("forbidden", "errors.common.noPermission");
  if (pg.code === "23505") return new AppError("conflict", conflict);
  return null;
}

/**
 * An action's answer. A failure's `message` is a sentence for people;
 * `fields` (optional) maps input names to their own messages; `technical`
 * (optional) is the developer's reason for a "Details" disclosure.
 */
export type Result<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: AppErrorCode | "internal"; message: string; details?: Record<string, string> } & ErrorExtras<string> };

/**
 * Maps any thrown value to a Result error safe to show, in the reader's
 * language (`t`; English without one); unknown errors are logged, not shown.
 */
export function toErrorResult(error: unknown, t?: Translate): Extract<Result<never>, { ok: false }> {
  const known = error instanceof AppError ? error : fromDatabaseError(error);
  if (known) {
    const { code, details, technical } = known;
    const fields = renderFields(known.fieldTexts, t);
    return {
      ok: false,
      error: {
        code,
        message: render(known.text, t),
        ...(details ? { details } : {}),
        ...(fields ? { fields } : {}),
        ...(technical ? { technical } : {}),
      },
    };
  }
  logger.error({ err: error }, "unexpected error");
  return { ok: false, error: { code: "internal", message: render("errors.common.unexpected", t) } };
}
