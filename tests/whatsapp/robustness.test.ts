import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { processWebhookEvents } from "@/server/ingest/process-event";
import { metaInboundText } from "../../scripts/webhooks/payloads";
import { createChannel, deliver } from "../support/webhooks";

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, "../..");

describe("when the database is down", () => {
  it("answers 503 so the provider retries", async () => {
    const { stdout } = await run(
      path.join(repoRoot, "node_modules/.bin/tsx"),
      ["--conditions=react-server", "tests/support/scripts/receive-once.ts"],
      { cwd: repoRoot, env: { ...process.env, DATABASE_URL: "postgres://postgres:x@127.0.0.1:1/unreachable" } },
    );
    expect(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}")).toEqual({ status: 503, body: { error: "Temporarily unavailable" } });
  });

  it("answers 503 when the durable insert itself fails", async () => {
    const channel = await createChannel();
    await db().unsafe(`
      create or replace function private.test_refuse_event() returns trigger language plpgsql as $$
      begin
        if new.channel_id = '${channel.id}' then raise exception 'disk full'; end if;
        return new;
      end $$;
      create or replace trigger test_refuse_event before insert on public.webhook_events
        for each row execute function private.test_refuse_event();`);
    try {
      const response = await deliver(
        channel,
        "meta",
        metaInboundText({ phoneNumberId: channel.phoneNumberId, displayPhoneNumber: "1555" }, { from: "6281300000777", text: "x" }),
      );
      expect(response.status).toBe(503);
      expect(response.storedEventIds).toEqual([]);
    } finally {
      await db().unsafe("drop trigger if exists test_refuse_event on public.webhook_events");
    }
  });
});

describe("never a 500", () => {
  const fixture = (name: string) => JSON.parse(readFileSync(path.resolve(repoRoot, "tests/fixtures/webhooks", name), "utf8")) as unknown;

  it("for any well-formed JSON body, signed, through receive and processing", async () => {
    const channel = await createChannel();
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (body) => {
        const response = await deliver(channel, "meta", body);
        expect(response.status).toBe(200);
        await processWebhookEvents(response.storedEventIds);
      }),
      { numRuns: 40 },
    );
  });

  it("for real payloads with parts replaced, routed to a real number", async () => {
    const channel = await createChannel();
    const bases = [
      "meta/text.json",
      "meta/kapso-sdk-test-batch-3-messages-status-call.json",
      "meta/history-sync-chunk.json",
      "meta/status-failed-131049.json",
    ].map(fixture);
    const withChannel = (body: unknown) =>
      JSON.parse(JSON.stringify(body).replaceAll(/"phone_number_id":\s*"[^"]*"/g, `"phone_number_id":"${channel.phoneNumberId}"`));
    const replaceAt = (value: unknown, route: number[], replacement: unknown): unknown => {
      if (route.length === 0 || typeof value !== "object" || value === null) return replacement;
      const keys = Object.keys(value);
      if (keys.length === 0) return replacement;
      const key = keys[(route[0] ?? 0) % keys.length] as string;
      const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
      copy[key] = replaceAt((value as Record<string, unknown>)[key], route.slice(1), replacement);
      return copy;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bases),
        fc.array(fc.nat(), { minLength: 2, maxLength: 9 }),
        fc.jsonValue(),
        async (base, route, replacement) => {
          const response = await deliver(channel, "meta", replaceAt(withChannel(base), route, replacement));
          expect([200, 401]).toContain(response.status);
          const outcomes = await processWebhookEvents(response.storedEventIds);
          for (const outcome of outcomes) expect(["processed", "duplicate", "skipped"]).toContain(outcome);
        },
      ),
      { numRuns: 60 },
    );
  });
});
