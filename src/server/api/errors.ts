import "server-only";
import { AppError, type AppErrorCode } from "@/server/errors";

export interface FieldIssue {
  field: string;
  message: string;
}

/** An API refusal with structured details (issues, retry_after) for the error body's `details`. */
export class ApiError extends AppError {
  constructor(
    code: AppErrorCode,
    message: string,
    readonly apiDetails: Record<string, unknown>,
  ) {
    super(code, { text: message });
  }
}

/** A refusal only the integration API gives: written for developers, in English like the rest of the API. */
export const apiRefusal = (code: AppErrorCode, message: string) => new AppError(code, { text: message });

/** Invalid input: the message names the first failing field, details.issues lists them all. */
export function invalidInput(issues: FieldIssue[], fallback = "Invalid input."): ApiError {
  const first = issues[0];
  return new ApiError("invalid", first ? `${first.field}: ${first.message}` : fallback, { issues });
}

/** A lead status that is no stage of the workspace's pipeline (the pipeline is per workspace). */
export const unknownStage = () => invalidInput([{ field: "body.lead_status", message: "not a stage of this workspace's pipeline" }]);
