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

/** The one error whose message may reach the browser. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Ids the browser may act on (e.g. the existing contact a duplicate points to). */
    readonly details?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

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

export type Result<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: AppErrorCode | "internal"; message: string; details?: Record<string, string> } };

/** Maps any thrown value to a Result error safe to show; unknown errors are logged, not shown. */
export function toErrorResult(error: unknown): Extract<Result<never>, { ok: false }> {
  const known = error instanceof AppError ? error : fromDatabaseError(error);
  if (known)
    return { ok: false, error: { code: known.code, message: known.message, ...(known.details ? { details: known.details } : {}) } };
  logger.error({ err: error }, "unexpected error");
  return { ok: false, error: { code: "internal", message: "Something went wrong. Please try again." } };
}
