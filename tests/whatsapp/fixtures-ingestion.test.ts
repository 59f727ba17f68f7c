import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { asService } from "@/server/db/client";
import { normalizeWebhook } from "@/server/whatsapp/normalize";
import type { Provider } from "@/server/whatsapp/providers";
import { createTeam } from "../support/fixtures";
import { createChannel, deliverAndProcess, type TestChannel } from "../support/webhooks";

/** The 71 real webhook bodies (Meta docs, pywa, Kapso; copied from ../shared/fixtures, sources in SOURCES.md) every release must accept and store. */
const FIXTURES_DIR = path.resolve(import.meta.dirname, "../fixtures/webhooks");
const PROVIDER_OF_DIR: Record<string, Provider> = { meta: "meta", kapso: "kapso", "360dialog": "360dialog" };

const fixtures = Object.keys(PROVIDER_OF_DIR).flatMap((dir) =>
  readdirSync(path.join(FIXTURES_DIR, dir))
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => {
      const raw = readFileSync(path.join(FIXTURES_DIR, dir, file), "utf8");
      return { name: `${dir}/${file}`, provider: PROVIDER_OF_DIR[dir] as Provider, raw, body: JSON.parse(raw) as unknown };
    }),
);

const channels = new Map<string, TestChannel>();
let workspaceId: string;
let dialogChannel: TestChannel;

beforeAll(async () => {
  workspaceId = (await createTeam()).workspaceId;
  for (const fixture of fixtures) {
    const normalized = normalizeWebhook(fixture.provider, fixture.body, { event: null });
    for (const phoneNumberId of normalized.phoneNumberIds) {
      if (!channels.has(phoneNumberId)) channels.set(phoneNumberId, await createChannel({ workspaceId, phoneNumberId }));
    }
    for (const event of normalized.events) {
      if (event.kind === "template_status" && event.wabaId && !channels.has(`waba:${event.wabaId}`)) {
        channels.set(`waba:${event.wabaId}`, await createChannel({ workspaceId, wabaId: event.wabaId }));
      }
    }
  }
  dialogChannel = await createChannel({ workspaceId, provider: "360dialog" });
}, 120_000);

describe("every real webhook fixture is accepted and stored", () => {
  it("has all 71 fixtures", () => {
    expect(fixtures).toHaveLength(71);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))("%s", async (_name, fixture) => {
    const normalized = normalizeWebhook(fixture.provider, fixture.body, { event: null });
    const channel =
      fixture.provider === "360dialog"
        ? dialogChannel
        : (channels.get(normalized.phoneNumberIds[0] ?? "") ??
          [...channels.entries()].find(([key]) =>
            normalized.events.some((e) => e.kind === "template_status" && key === `waba:${e.wabaId}`),
          )?.[1] ??
          dialogChannel);

    const { response, outcomes } = await deliverAndProcess(channel, fixture.provider, fixture.body, { raw: fixture.raw });
    expect(response.status).toBe(200);
    for (const outcome of outcomes) expect(["processed", "duplicate"]).toContain(outcome);

    const [stored] = await asService(
      (tx) => tx<{ outcomes: string[] }[]>`
        select array_agg(outcome order by id) as outcomes from public.webhook_events
        where id = any(${response.storedEventIds})`,
    );
    expect(stored?.outcomes ?? []).not.toContain("failed");

    // Every message the body carries for a known number is now a row, once.
    const routed = new Set(channels.keys());
    const expectedWamids = normalized.events.flatMap((e) =>
      e.kind === "message" &&
      (fixture.provider === "360dialog" || (e.phoneNumberId !== null && routed.has(e.phoneNumberId))) &&
      (e.customer.waId || e.customer.businessUserId)
        ? [e.wamid]
        : [],
    );
    if (expectedWamids.length > 0) {
      const rows = await asService(
        (tx) =>
          tx<{ wamid: string }[]>`select wamid from public.messages where workspace_id = ${workspaceId} and wamid = any(${expectedWamids})`,
      );
      expect(new Set(rows.map((r) => r.wamid))).toEqual(new Set(expectedWamids));
    }
  });
});
