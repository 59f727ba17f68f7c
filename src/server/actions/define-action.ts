import "server-only";
import type { z } from "zod";
import { type Result, toErrorResult } from "@/server/errors";
import { getWorkspaceContext, type WorkspaceContext } from "@/server/workspaces/context";

function invalidInput(error: z.ZodError): Extract<Result<never>, { ok: false }> {
  const issue = error.issues[0];
  const field = issue?.path.join(".");
  return {
    ok: false,
    error: { code: "invalid", message: field ? `${field}: ${issue?.message}` : (issue?.message ?? "Invalid input.") },
  };
}

/**
 * Every workspace Server Action goes through here: input parsed with zod,
 * the caller and their current workspace resolved on the server, and any
 * failure turned into a typed result that is safe to show.
 */
export function workspaceAction<Schema extends z.ZodType, T>(
  schema: Schema,
  handler: (context: WorkspaceContext, input: z.infer<Schema>) => Promise<T>,
): (input: z.input<Schema>) => Promise<Result<T>> {
  return async (input) => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const context = await getWorkspaceContext();
    if (!context) return { ok: false, error: { code: "unauthenticated", message: "Please sign in again." } };
    try {
      return { ok: true, data: await handler(context, parsed.data) };
    } catch (error) {
      return toErrorResult(error);
    }
  };
}
