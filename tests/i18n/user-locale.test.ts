import { describe, expect, it } from "vitest";
import { asService } from "@/server/db/client";
import { getChosenLocale, setChosenLocale } from "@/server/i18n/user-locale";
import { createUser } from "../support/fixtures";

const metadataOf = async (userId: string) =>
  (
    await asService((tx) => tx<{ meta: Record<string, unknown> }[]>`select raw_user_meta_data as meta from auth.users where id = ${userId}`)
  )[0]?.meta;

describe("a user's chosen language", () => {
  it("is null until chosen, is kept beside the name, and can be given back to the browser", async () => {
    const user = await createUser();
    const other = await createUser();
    expect(await getChosenLocale(user.id)).toBeNull();
    const before = await metadataOf(user.id);

    await setChosenLocale(user.id, "pt-BR");
    expect(await getChosenLocale(user.id)).toBe("pt-BR");
    expect(await metadataOf(user.id)).toEqual({ ...before, locale: "pt-BR" });
    // Only that user's row changed.
    expect(await getChosenLocale(other.id)).toBeNull();

    await setChosenLocale(user.id, null);
    expect(await getChosenLocale(user.id)).toBeNull();
    expect(await metadataOf(user.id)).toEqual(before);
  });

  it("reads a language the app does not speak (metadata written elsewhere) as no choice", async () => {
    const user = await createUser();
    await asService(
      (tx) => tx`update auth.users set raw_user_meta_data = raw_user_meta_data || '{"locale": "fr"}'::jsonb where id = ${user.id}`,
    );
    expect(await getChosenLocale(user.id)).toBeNull();
  });
});
