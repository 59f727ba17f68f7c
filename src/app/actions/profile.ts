"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/server/actions/define-action";
import { clientInfo } from "@/server/auth/client-ip";
import { authProvider } from "@/server/auth/mode";
import { newPasswordSchema } from "@/server/auth/users";
import { AppError } from "@/server/errors";

export const updateProfileName = defineAction(
  {
    name: "profile.updateProfileName",
    input: z.object({ fullName: z.string().trim().min(1, "Enter your name").max(80, "Use at most 80 characters") }),
    role: "signed-in",
    transaction: false,
  },
  async ({ input, claims }) => {
    await authProvider().updateName(claims.sub, input.fullName);
    // Members' names show across the app (member list, assignees, notes).
    revalidatePath("/", "layout");
    return null;
  },
);

export const changePassword = defineAction(
  {
    name: "profile.changePassword",
    input: z
      .object({ currentPassword: z.string().min(1, "Enter your current password"), newPassword: newPasswordSchema, confirm: z.string() })
      .refine((input) => input.newPassword === input.confirm, { message: "The two new passwords differ", path: ["confirm"] }),
    role: "signed-in",
    transaction: false,
  },
  async ({ input, claims }) => {
    const change = authProvider().changePassword;
    if (!change) throw new AppError("forbidden", "Change your password with the reset link on the sign-in page.");
    await change({
      userId: claims.sub,
      currentPassword: input.currentPassword,
      newPassword: input.newPassword,
      ip: (await clientInfo()).ip,
      keepSessionId: claims.session_id,
    });
    return null;
  },
);
