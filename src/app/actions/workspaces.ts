"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { z } from "zod";
import { businessHours, isTimeZone } from "@/lib/business-hours";
import { PHONE_COUNTRIES } from "@/lib/countries";
import { workspaceAction } from "@/server/actions/define-action";
import { getSessionClaims } from "@/server/auth/current-user";
import { sessionCookieOptions } from "@/server/auth/session";
import { asUser } from "@/server/db/client";
import { AppError, type Result, toErrorResult } from "@/server/errors";
import { WORKSPACE_COOKIE } from "@/server/workspaces/context";
import {
  createWorkspace as create,
  listMyWorkspaces,
  updateWorkspace as update,
  updateBusinessHours as updateHours,
} from "@/server/workspaces/queries";

const workspaceFields = z.object({
  name: z.string().trim().min(1, "Enter a name").max(80),
  defaultCountry: z.string().refine((code) => PHONE_COUNTRIES.includes(code), "Choose a country"),
  timeZone: z.string().refine(isTimeZone, "Choose a time zone"),
});

async function selectWorkspace(workspaceId: string) {
  (await cookies()).set(WORKSPACE_COOKIE, workspaceId, { ...sessionCookieOptions(), httpOnly: true });
}

/** Any signed-in user may create a workspace (also their first one, so no workspace context here). */
export async function createWorkspace(input: z.input<typeof workspaceFields>): Promise<Result<{ id: string }>> {
  const parsed = workspaceFields.safeParse(input);
  if (!parsed.success) return { ok: false, error: { code: "invalid", message: parsed.error.issues[0]?.message ?? "Invalid input." } };
  const claims = await getSessionClaims();
  if (!claims) return { ok: false, error: { code: "unauthenticated", message: "Please sign in again." } };
  try {
    const id = await asUser(claims, (tx) => create(tx, parsed.data));
    await selectWorkspace(id);
    revalidatePath("/", "layout");
    return { ok: true, data: { id } };
  } catch (error) {
    return toErrorResult(error);
  }
}

export const switchWorkspace = workspaceAction(z.object({ workspaceId: z.uuid() }), async (context, input) => {
  // Membership is re-read from the database: a cookie naming a workspace the
  // user does not belong to is never written.
  const mine = await asUser(context.claims, (tx) => listMyWorkspaces(tx));
  if (!mine.some((w) => w.id === input.workspaceId)) throw new AppError("not_found", "Workspace not found.");
  await selectWorkspace(input.workspaceId);
  revalidatePath("/", "layout");
  return null;
});

export const updateWorkspace = workspaceAction(workspaceFields, async (context, input) => {
  await asUser(context.claims, (tx) => update(tx, context.workspace.id, input));
  revalidatePath("/", "layout");
  return null;
});

export const updateBusinessHours = workspaceAction(z.object({ hours: businessHours }), async (context, input) => {
  await asUser(context.claims, (tx) => updateHours(tx, context.workspace.id, input.hours));
  revalidatePath("/settings");
  return null;
});
