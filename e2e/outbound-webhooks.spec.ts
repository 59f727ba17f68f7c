import { expect, test } from "@playwright/test";
import { verifySignature } from "../tests/support/webhook-receiver";
import { FAKE_PROVIDER_URL, signIn } from "./support";

const RECEIVER = `${FAKE_PROVIDER_URL}/__webhook-receiver`;

interface Received {
  headers: Record<string, string | undefined>;
  body: string;
}

test("an admin adds an endpoint, copies its secret once, sends a test event and sees it delivered, signed", async ({ page }) => {
  const description = `E2E receiver ${Date.now().toString(36)}`;
  await signIn(page, "admin@conversa.local");
  await page.goto("/settings/api");
  await page.getByRole("navigation", { name: "API settings" }).getByRole("link", { name: "Outbound webhooks" }).click();
  await expect(page).toHaveURL(/\/settings\/api\/webhooks$/);

  // A bad URL is refused with a reason and nothing is added.
  await page.getByLabel("Endpoint URL").fill("ftp://example.com/hooks");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.locator("form").getByRole("alert")).toContainText("The URL must start with https://");
  // The field itself is marked, described by the message, and focused.
  const url = page.getByLabel("Endpoint URL");
  await expect(url).toHaveAttribute("aria-invalid", "true");
  await expect(url).toHaveAccessibleDescription(/The URL must start with https:\/\//);
  await expect(url).toBeFocused();

  await page.getByLabel("Endpoint URL").fill(RECEIVER);
  await page.getByLabel("Description (optional)").fill(description);
  await page.getByRole("checkbox", { name: /conversation\.archived/ }).uncheck();
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const secret = (await page.getByTestId("new-webhook-secret").textContent()) ?? "";
  expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

  const row = page.getByTestId("webhook-subscription-row").filter({ hasText: description });
  await expect(row).toContainText("Active");
  await expect(row).toContainText("message.received");
  await expect(row).not.toContainText("conversation.archived");
  await row.getByRole("link", { name: RECEIVER }).click();

  // The secret is not shown again.
  await expect(page).toHaveURL(/\/settings\/api\/webhooks\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Endpoint", exact: true })).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);
  await expect(page.getByText("Nothing sent yet")).toBeVisible();

  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByRole("status")).toContainText("Test event queued");
  const delivery = page.getByTestId("webhook-delivery-row").first();
  await expect(async () => {
    await page.reload();
    await expect(delivery).toContainText("Delivered", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(delivery).toContainText("webhook.test");
  await expect(delivery).toContainText("HTTP 200");
  await delivery.getByText("Attempts").click();
  await expect(delivery).toContainText('{"received":true}');

  // The receiver got it, signed with the secret shown once.
  const received = (await (await fetch(RECEIVER)).json()) as Received[];
  const test = received.filter((r) => JSON.parse(r.body).type === "webhook.test").at(-1);
  expect(test).toBeDefined();
  expect(verifySignature(secret, test?.headers ?? {}, test?.body ?? "")).toBe(true);

  // Replay: the same event once more.
  const eventId = test?.headers["conversa-webhook-id"];
  await delivery.getByRole("button", { name: "Replay this delivery" }).click();
  await expect(async () => {
    const again = (await (await fetch(RECEIVER)).json()) as Received[];
    expect(again.filter((r) => r.headers["conversa-webhook-id"] === eventId)).toHaveLength(2);
  }).toPass({ timeout: 30_000 });

  // Rotate the secret: the new one is shown once, and for a day both sign, so a receiver on either accepts.
  await page.getByRole("button", { name: "Rotate signing secret" }).click();
  const rotated = (await page.getByTestId("rotated-webhook-secret").textContent()) ?? "";
  expect(rotated).toMatch(/^whsec_/);
  expect(rotated).not.toBe(secret);
  await expect(page.getByText(/Last rotated/)).toBeVisible();
  const before = received.length;
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(async () => {
    const after = (await (await fetch(RECEIVER)).json()) as Received[];
    const latest = after.filter((r) => JSON.parse(r.body).type === "webhook.test").at(-1);
    expect(after.length).toBeGreaterThan(before + 1);
    expect(verifySignature(rotated, latest?.headers ?? {}, latest?.body ?? "")).toBe(true);
    expect(verifySignature(secret, latest?.headers ?? {}, latest?.body ?? "")).toBe(true);
  }).toPass({ timeout: 30_000 });

  // Pause, then delete.
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Paused by an admin." })).toBeVisible();
  await page.getByRole("button", { name: "Delete" }).click();
  // Cancel keeps it; confirming deletes it.
  const confirm = page.getByRole("dialog", { name: "Delete this endpoint?" });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(page).toHaveURL(/\/settings\/api\/webhooks\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "Delete" }).click();
  await confirm.getByRole("button", { name: "Delete endpoint" }).click();
  await expect(page).toHaveURL(/\/settings\/api\/webhooks$/);
  await expect(page.getByTestId("webhook-subscription-row").filter({ hasText: description })).toHaveCount(0);
});
