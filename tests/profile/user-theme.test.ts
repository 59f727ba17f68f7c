import { describe, expect, it } from "vitest";
import { asService } from "@/server/db/client";
import { getChosenLocale, setChosenLocale } from "@/server/i18n/user-locale";
import { getChosenTheme, setChosenTheme } from "@/server/profile/user-theme";
import { createUser } from "../support/fixtures";

const metadataOf = async (userId: string) =>
  (
    await asService((tx) => tx<{ meta: Record<string, unknown> }[]>`select raw_user_meta_data as meta from auth.users where id = ${userId}`)
  )[0]?.meta;

describe("a user's chosen theme", () => {
  it("is null (the system's) until chosen, sits beside the language without touching it, and can be given back to the system", async () => {
    const user = await createUser();
    const other = await createUser();
    await setChosenLocale(user.id, "es");
    expect(await getChosenTheme(user.id)).toBeNull();
    const before = await metadataOf(user.id);

    await setChosenTheme(user.id, "dark");
    expect(await getChosenTheme(user.id)).toBe("dark");
    expect(await metadataOf(user.id)).toEqual({ ...before, theme: "dark" });
    expect(await getChosenLocale(user.id)).toBe("es");
    expect(await getChosenTheme(other.id)).toBeNull();

    await setChosenTheme(user.id, "light");
    expect(await getChosenTheme(user.id)).toBe("light");

    await setChosenTheme(user.id, null);
    expect(await getChosenTheme(user.id)).toBeNull();
    expect(await metadataOf(user.id)).toEqual(before);
  });

  it("reads a theme the app does not have (metadata written elsewhere) as no choice", async () => {
    const user = await createUser();
    await asService(
      (tx) => tx`update auth.users set raw_user_meta_data = raw_user_meta_data || '{"theme": "sepia"}'::jsonb where id = ${user.id}`,
    );
    expect(await getChosenTheme(user.id)).toBeNull();
  });
});
