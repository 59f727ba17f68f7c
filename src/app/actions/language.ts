"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { LOCALES } from "@/lib/locales";
import { defineAction } from "@/server/actions/define-action";
import { setChosenLocale } from "@/server/i18n/user-locale";

/** The signed-in user's own language; null follows their browser again. */
export const setMyLanguage = defineAction(
  { name: "profile.setMyLanguage", input: z.object({ locale: z.enum(LOCALES).nullable() }), role: "signed-in", transaction: false },
  async ({ input, claims }) => {
    await setChosenLocale(claims.sub, input.locale);
    // Every page's words change.
    revalidatePath("/", "layout");
    return null;
  },
);
