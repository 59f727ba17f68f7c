"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/server/actions/define-action";
import { clientInfo } from "@/server/auth/client-ip";
import { authProvider } from "@/server/auth/mode";
import { newPasswordSchema } from "@/server/auth/users";
import { asUser } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { removeAvatar as removeUserAvatar, setAvatar, storeAvatarFile } from "@/server/profile/avatars";

export const updateProfileName = defineAction(
  {
    name: "profile.updateProfileName",
    input: z.object({ fullName: z.string().trim().min(1, "validation.enterYourName").max(80, "validation.nameTooLong") }),
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
      .object({
        currentPassword: z.string().min(1, "validation.enterCurrentPassword"),
        newPassword: newPasswordSchema,
        confirm: z.string(),
      })
      .refine((input) => input.newPassword === input.confirm, { message: "validation.passwordsDiffer", path: ["confirm"] }),
    role: "signed-in",
    transaction: false,
  },
  async ({ input, claims }) => {
    const change = authProvider().changePassword;
    if (!change) throw new AppError("forbidden", "errors.resetPasswordInstead");
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

/** A new profile picture: checked by its bytes and stored before the row points at it. */
export const uploadAvatar = defineAction(
  {
    name: "profile.uploadAvatar",
    input: z.object({ avatar: z.instanceof(File, { message: "validation.choosePicture" }) }),
    role: "signed-in",
    transaction: false,
  },
  async ({ input, claims }) => {
    const stored = await storeAvatarFile(claims.sub, new Uint8Array(await input.avatar.arrayBuffer()), "avatar");
    await asUser(claims, (tx) => setAvatar(tx, claims.sub, stored));
    // Pictures show across the app (the menu, assignees, activity lines).
    revalidatePath("/", "layout");
    return { avatarId: stored.avatarId };
  },
);

export const removeAvatar = defineAction(
  { name: "profile.removeAvatar", input: z.object({}), role: "signed-in" },
  async ({ tx, claims }) => {
    await removeUserAvatar(tx, claims.sub);
    revalidatePath("/", "layout");
    return null;
  },
);
