import "server-only";
import { cache } from "react";
import { isTheme, type Theme } from "@/lib/themes";
import { readUserSetting, writeUserSetting } from "./user-metadata";

/** The theme a user chose in their profile (`theme` in their user metadata). Read once per request; null follows their system. */
export const getChosenTheme = cache(async (userId: string): Promise<Theme | null> => {
  const theme = await readUserSetting(userId, "theme");
  return isTheme(theme) ? theme : null;
});

/** Saves the user's choice; null follows their system again. */
export async function setChosenTheme(userId: string, theme: Theme | null) {
  await writeUserSetting(userId, "theme", theme);
}
