import { expect } from "vitest";
import { AppError } from "@/server/errors";

/** Awaits a refusal: an AppError with this code (and message), returned for further checks. */
export async function expectAppError(promise: Promise<unknown>, code: string, message?: RegExp): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code });
  if (message) expect((error as AppError).message).toMatch(message);
  return error as AppError;
}
