import { expect, test } from "@playwright/test";
import { signIn } from "./support";

/**
 * The language follows the browser until a user chooses one in their
 * profile (issue 23). Screens move into the catalogue one by one; these are
 * the ones that have (sign-in, the profile's language card).
 */
test.describe("in the browser's language", () => {
  test.use({ locale: "id-ID" });

  test("an Indonesian browser gets the sign-in page in Indonesian, and a wrong password is told in Indonesian", async ({ page }) => {
    await page.goto("/login");
    await expect(page).toHaveTitle("Masuk · Conversa");
    await expect(page.locator("html")).toHaveAttribute("lang", "id");
    await expect(page.getByRole("heading", { name: "Masuk ke kotak masuk Anda" })).toBeVisible();
    await page.getByLabel("Email").fill("admin@conversa.local");
    await page.getByLabel("Kata sandi").fill("not-the-password");
    await page.getByRole("button", { name: "Masuk" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Email atau kata sandi salah.");
  });
});

test.describe("a Spanish browser", () => {
  test.use({ locale: "es-CO" });

  test("reads Spanish on an invitation that does not exist", async ({ page }) => {
    await page.goto("/invite/no-such-token");
    await expect(page.getByRole("heading", { name: "No encontramos la invitación" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Ir a iniciar sesión" })).toBeVisible();
  });
});

test("a user's chosen language beats the browser's, and 'Same as my browser' gives it back", async ({ page }) => {
  // budi is used by no other journey: his choice cannot leak into theirs.
  await signIn(page, "budi@conversa.local");
  await page.goto("/settings/profile");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(async () => {
    await page.getByRole("combobox", { name: "Language" }).selectOption("es");
    await expect(page.locator("html")).toHaveAttribute("lang", "es", { timeout: 3_000 });
  }).toPass();
  await expect(page.getByText("Guardado. Conversa ya está en tu idioma.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Idioma" })).toHaveValue("es");

  await page.getByRole("combobox", { name: "Idioma" }).selectOption("browser");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Language" })).toHaveValue("browser");
});
