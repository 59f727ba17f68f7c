import "server-only";
import { logger } from "@/server/log";

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

/** What an error adds for a form: which inputs it is about, and the detail for developers. */
export interface ErrorExtras {
  /**
   * Messages per input, keyed by the field's path in the action's input
   * ("url", "hours.sat.close"), which is also the form input's `name`.
   */
  fields?: Record<string, string>;
  /** The technical reason (zod's issues, a provider's answer): logged, and shown under "Details", never as the message. */
  technical?: string;
}

/** The one error whose message may reach the browser. */
export class AppError extends Error {
  readonly fields?: Record<string, string>;
  readonly technical?: string;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Ids the browser may act on (e.g. the existing contact a duplicate points to). */
    readonly details?: Record<string, string>,
    extras: ErrorExtras = {},
  ) {
    super(message);
    this.name = "AppError";
    this.fields = extras.fields;
    this.technical = extras.technical;
  }
}

/** Invalid input in one field: the message is both the form's summary and the field's own. */
export const invalidField = (field: string, message: string, technical?: string) =>
  new AppError("invalid", message, undefined, { fields: { [field]: message }, technical });

interface PostgresErrorLike {
  code?: string;
  message?: string;
  constraint_name?: string;
}

/**
 * Turns what the database refused into an AppError. SQLSTATEs of class CV
 * are raised by our own migrations with messages written for users.
 */
export function fromDatabaseError(error: unknown, conflictMessage = "That already exists."): AppError | null {
  const pg = error as PostgresErrorLike;
  if (typeof pg?.code !== "string") return null;
  if (pg.code === "CV403") return new AppError("forbidden", pg.message ?? "Not allowed.");
  if (pg.code === "CV404") return new AppError("not_found", pg.message ?? "Not found.");
  if (pg.code === "CV409") return new AppError("conflict", pg.message ?? "Not allowed.");
  if (pg.code === "42501") return new AppError("forbidden", "You do not have permission to do that.");
  if (pg.code === "23505") return new AppError("conflict", conflictMessage);
  return null;
}

/**
 * An action's answer. A failure's `message` is a sentence for people;
 * `fields` (optional) maps input names to their own messages; `technical`
 * (optional) is the developer's reason for a "Details" disclosure.
 */
export type Result<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: AppErrorCode | "internal"; message: string; details?: Record<string, string> } & ErrorExtras };

/** Maps any thrown value to a Result error safe to show; unknown errors are logged, not shown. */
export function toErrorResult(error: unknown): Extract<Result<never>, { ok: false }> {
  const known = error instanceof AppError ? error : fromDatabaseError(error);
  if (known) {
    const { code, message, details, fields, technical } = known;
    return {
      ok: false,
      error: { code, message, ...(details ? { details } : {}), ...(fields ? { fields } : {}), ...(technical ? { technical } : {}) },
    };
  }
  logger.error({ err: error }, "unexpected error");
  return { ok: false, error: { code: "internal", message: "Something went wrong. Please try again." } };
}
