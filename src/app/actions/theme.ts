"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { THEMES } from "@/lib/themes";
import { defineAction } from "@/server/actions/define-action";
import { setChosenTheme } from "@/server/profile/user-theme";

/** The signed-in user's own theme; null follows their system again. */
export const setMyTheme = defineAction(
  { name: "profile.setMyTheme", input: z.object({ theme: z.enum(THEMES).nullable() }), role: "signed-in", transaction: false },
  async ({ input, claims }) => {
    await setChosenTheme(claims.sub, input.theme);
    // The root layout renders the theme on <html>.
    revalidatePath("/", "layout");
    return null;
  },
);
