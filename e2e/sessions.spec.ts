import { expect, test } from "@playwright/test";
import { signIn } from "./support";

/** Sessions are rows: "Sign out everywhere" ends the other browsers' sessions too, not only this one's cookie. */
test("sign out everywhere ends the session in another browser", async ({ browser }) => {
  const email = "budi@conversa.local";
  const [here, elsewhere] = [await browser.newContext(), await browser.newContext()];
  const [page, other] = [await here.newPage(), await elsewhere.newPage()];
  await signIn(page, email);
  await signIn(other, email);
  await other.goto("/inbox");
  await expect(other).toHaveURL(/\/inbox/);

  await page.goto("/settings");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login/);

  // The other browser still holds its cookie; the server no longer honours it.
  await other.goto("/inbox");
  await expect(other).toHaveURL(/\/login/);
  await here.close();
  await elsewhere.close();
});
