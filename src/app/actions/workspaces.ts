"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { z } from "zod";
import { businessHours, isTimeZone } from "@/lib/business-hours";
import { PHONE_COUNTRIES } from "@/lib/countries";
import { LOCALES } from "@/lib/locales";
import { defineAction } from "@/server/actions/define-action";
import { sessionCookieOptions } from "@/server/auth/session";
import { AppError } from "@/server/errors";
import { WORKSPACE_COOKIE } from "@/server/workspaces/context";
import {
  createWorkspace as create,
  listMyWorkspaces,
  updateWorkspace as update,
  updateBusinessHours as updateHours,
} from "@/server/workspaces/queries";

const workspaceFields = z.object({
  name: z.string().trim().min(1, "validation.enterAName").max(80),
  defaultCountry: z.string().refine((code) => PHONE_COUNTRIES.includes(code), "validation.chooseCountry"),
  timeZone: z.string().refine(isTimeZone, "validation.chooseTimeZone"),
  defaultLocale: z.enum(LOCALES, "validation.chooseLanguage"),
});

async function selectWorkspace(workspaceId: string) {
  (await cookies()).set(WORKSPACE_COOKIE, workspaceId, { ...sessionCookieOptions(), httpOnly: true });
}

/** Any signed-in user may create a workspace (also their first one, so no workspace tier here). */
export const createWorkspace = defineAction(
  { name: "workspaces.createWorkspace", input: workspaceFields, role: "signed-in" },
  async ({ tx, input }) => {
    const id = await create(tx, input);
    await selectWorkspace(id);
    revalidatePath("/", "layout");
    return { id };
  },
);

export const switchWorkspace = defineAction(
  { name: "workspaces.switchWorkspace", input: z.object({ workspaceId: z.uuid() }), role: "signed-in" },
  async ({ tx, input }) => {
    // Membership is read from the database: a cookie naming a workspace the
    // user does not belong to is never written.
    const mine = await listMyWorkspaces(tx);
    if (!mine.some((w) => w.id === input.workspaceId)) throw new AppError("not_found", "errors.workspaces.notFound");
    await selectWorkspace(input.workspaceId);
    revalidatePath("/", "layout");
    return null;
  },
);

export const updateWorkspace = defineAction(
  { name: "workspaces.updateWorkspace", input: workspaceFields, role: "admin" },
  async ({ tx, actor, input }) => {
    await update(tx, actor.workspaceId, input);
    revalidatePath("/", "layout");
    return null;
  },
);

export const updateBusinessHours = defineAction(
  { name: "workspaces.updateBusinessHours", input: z.object({ hours: businessHours }), role: "admin" },
  async ({ tx, actor, input }) => {
    await updateHours(tx, actor.workspaceId, input.hours);
    revalidatePath("/settings");
    return null;
  },
);
