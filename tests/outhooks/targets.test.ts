import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readNote } from "@/lib/stored-notes";
import { asService, asUser } from "@/server/db/client";
import { inEnglish } from "@/server/errors";
import { translatorFor } from "@/server/i18n/translator";
import { createSubscription, updateSubscription } from "@/server/outhooks/subscriptions";
import { postWebhook } from "@/server/outhooks/target";
import { expectAppError } from "../support/app-error";
import { createTeam } from "../support/fixtures";
import { startReceiver } from "../support/webhook-receiver";

const inIndonesian = await translatorFor("id");

// As in production: no host is exempt (the suite's setup allows loopback for the other webhook tests).
process.env.OUTBOUND_ALLOW_HOSTS = "";

let team: Awaited<ReturnType<typeof createTeam>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  team = await createTeam();
  receiver = await startReceiver();
});

afterAll(() => receiver.close());

const admin = () => ({ workspaceId: team.workspaceId, userId: team.admin.id });
const stored = () =>
  asService((tx) => tx<{ url: string }[]>`select url from public.webhook_subscriptions where workspace_id = ${team.workspaceId}`);

/** Every spelling of a loopback, unspecified, link-local or private address an admin might type. */
const INWARD = [
  "https://127.0.0.1/",
  "https://[::7f00:1]/",
  "https://[::ffff:127.0.0.1]/",
  "https://[::ffff:7f00:1]/",
  "https://[64:ff9b::127.0.0.1]/",
  "https://localhost./",
  "https://localhost/",
  "https://app.localhost/",
  "https://2130706433/",
  "https://0x7f.1/",
  "https://0177.0.0.1/",
  "https://0.0.0.0/",
  "https://0/",
  "https://[::]/",
  "https://[::1]/",
  "https://169.254.169.254/latest/meta-data/",
  "https://[::ffff:169.254.169.254]/",
  "https://10.0.0.1/",
  "https://172.16.5.4/",
  "https://192.168.1.10/",
  "https://100.64.0.1/",
  "https://[fd00::1]/",
  "https://[fe80::1]/",
];

describe("outbound webhook URLs", () => {
  it("are refused when saved if they lead to our own network, in any spelling, and nothing is stored", async () => {
    for (const url of INWARD) {
      await expectAppError(
        asUser(team.admin.claims, (tx) => createSubscription(tx, admin(), { url, events: ["contact.created"] })),
        "invalid",
        /^The URL must be a public address, not one of a private network/,
      );
    }
    expect(await stored()).toEqual([]);
  });

  it("an existing subscription cannot be pointed inward either", async () => {
    const { subscription } = await asUser(team.admin.claims, (tx) =>
      createSubscription(tx, admin(), { url: "https://hooks.example.com/conversa", events: ["contact.created"] }),
    );
    for (const url of ["https://[::7f00:1]/", "https://localhost./hooks", "https://2130706433/"]) {
      await expectAppError(
        asUser(team.admin.claims, (tx) => updateSubscription(tx, admin(), subscription.id, { url, events: ["contact.created"] })),
        "invalid",
        /private network/,
      );
    }
    expect(await stored()).toEqual([{ url: "https://hooks.example.com/conversa" }]);
  });

  it("a delivery does not connect to a private address, by literal or by name: the receiver gets nothing", async () => {
    for (const url of [
      receiver.url,
      receiver.url.replace("127.0.0.1", "localhost"),
      receiver.url.replace("127.0.0.1", "[::ffff:7f00:1]"),
    ]) {
      const result = await postWebhook(url, "{}", {});
      expect(result, url).toMatchObject({ status: null });
      expect(readNote(result.error ?? { text: "" }, inEnglish), url).toMatch(/^Not sent: .* is an address of a private network$/);
      expect(readNote(result.error ?? { text: "" }, inIndonesian), url).toMatch(/^Tidak terkirim: .* adalah alamat jaringan privat$/);
    }
    expect(receiver.received).toEqual([]);
  });
});
