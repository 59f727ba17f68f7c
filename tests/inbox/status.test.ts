import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import * as conversationById from "@/app/api/v1/conversations/[id]/route";
import * as conversations from "@/app/api/v1/conversations/route";
import type { ConversationFilter } from "@/lib/conversation-filter";
import { snoozeUntil } from "@/lib/snooze";
import { asService, asUser } from "@/server/db/client";
import { listConversations } from "@/server/inbox/queries";
import { setConversationStatus, wakeSnoozedJob } from "@/server/inbox/status";
import { stopQueue } from "@/server/jobs/queue";
import { JOBS } from "@/server/worker/registry";
import { applyMigrations, applyPlatformBootstrap, repoRoot, supabaseCli, withSslDisabled } from "../../scripts/database/prepare";
import { apiRequest, createKey, params, read } from "../support/api";
import { expectAppError } from "../support/app-error";
import { createTeam } from "../support/fixtures";
import { emptyDatabase } from "../support/scratch-database";
import { createChannel, customerWrites, type TestChannel } from "../support/webhooks";

let team: Awaited<ReturnType<typeof createTeam>>;
let channel: TestChannel;
const phone = () => `62813${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;
const agent = () => ({ workspaceId: team.workspaceId, userId: team.agent.id });

interface StatusRow {
  status: string;
  snoozed_until: Date | null;
  resolved_at: Date | null;
  opened_at: Date;
}
async function row(id: string): Promise<StatusRow> {
  const [found] = await asService(
    (tx) => tx<StatusRow[]>`select status, snoozed_until, resolved_at, opened_at from public.conversations where id = ${id}`,
  );
  if (!found) throw new Error(`no conversation ${id}`);
  return found;
}

async function lastActivity(conversationId: string) {
  const [line] = await asService(
    (tx) => tx<{ kind: string; actor_id: string | null; data: Record<string, unknown> }[]>`
      select kind, actor_id, data from public.conversation_activity where conversation_id = ${conversationId}
      order by created_at desc, id desc limit 1`,
  );
  return line;
}

const inOneHour = () => new Date(Date.now() + 3_600_000).toISOString();

beforeAll(async () => {
  team = await createTeam();
  channel = await createChannel({ workspaceId: team.workspaceId });
});
afterAll(() => stopQueue());

describe("statuses", () => {
  it("resolving stamps resolved_at; reopening starts a new cycle", async () => {
    const { conversationId } = await customerWrites(channel, { from: phone() });
    const created = await row(conversationId);
    expect(created).toMatchObject({ status: "open", resolved_at: null, snoozed_until: null });

    await asUser(team.agent.claims, (tx) => setConversationStatus(tx, agent(), conversationId, { status: "resolved" }));
    const resolved = await row(conversationId);
    expect(resolved.resolved_at).not.toBeNull();
    expect(resolved.opened_at).toEqual(created.opened_at);

    await asUser(team.agent.claims, (tx) => setConversationStatus(tx, agent(), conversationId, { status: "open" }));
    const reopened = await row(conversationId);
    expect(reopened.resolved_at).toBeNull();
    expect(reopened.opened_at.getTime()).toBeGreaterThan(created.opened_at.getTime());
  });

  it("a snooze needs a time in the future, and the database holds snoozed ⇔ snoozed_until", async () => {
    const { conversationId } = await customerWrites(channel, { from: phone() });
    for (const until of [new Date(Date.now() - 60_000).toISOString(), "not a date"]) {
      await expectAppError(
        asUser(team.agent.claims, (tx) => setConversationStatus(tx, agent(), conversationId, { status: "snoozed", snooze: { until } })),
        "invalid",
      );
    }
    expect((await row(conversationId)).status).toBe("open");
    await expect(
      asService((tx) => tx`update public.conversations set status = 'snoozed' where id = ${conversationId}`),
    ).rejects.toMatchObject({ code: "23514" });
    await expect(
      asService((tx) => tx`update public.conversations set snoozed_until = now() + interval '1 hour' where id = ${conversationId}`),
    ).rejects.toMatchObject({ code: "23514" });

    // Leaving `snoozed` clears the time, whoever changes the status.
    await asUser(team.agent.claims, (tx) =>
      setConversationStatus(tx, agent(), conversationId, { status: "snoozed", snooze: { until: inOneHour() } }),
    );
    await asService((tx) => tx`update public.conversations set status = 'pending' where id = ${conversationId}`);
    expect(await row(conversationId)).toMatchObject({ status: "pending", snoozed_until: null });
  });

  it("presets and custom times are read on the workspace's clock (time zone and business hours)", async () => {
    const { conversationId } = await customerWrites(channel, { from: phone() });
    await asService(
      (tx) => tx`update public.workspaces set time_zone = 'America/Mexico_City',
                   business_hours = '{"mon":{"open":"08:30","close":"18:00"}}' where id = ${team.workspaceId}`,
    );
    const now = new Date();
    await asUser(team.agent.claims, (tx) =>
      setConversationStatus(tx, agent(), conversationId, { status: "snoozed", snooze: { preset: "next_week" } }, now),
    );
    const expected = snoozeUntil("next_week", now, "America/Mexico_City", { mon: { open: "08:30", close: "18:00" } });
    expect((await row(conversationId)).snoozed_until).toEqual(expected);
    // Next Monday at 08:30 in Mexico City (UTC−6) is 14:30 UTC.
    expect(expected?.toISOString()).toMatch(/T14:30:00\.000Z$/);

    const nextYear = now.getUTCFullYear() + 1;
    await asUser(team.agent.claims, (tx) =>
      setConversationStatus(tx, agent(), conversationId, { status: "snoozed", snooze: { local: `${nextYear}-01-15T09:00` } }),
    );
    expect((await row(conversationId)).snoozed_until?.toISOString()).toBe(`${nextYear}-01-15T15:00:00.000Z`);
  });

  it("a customer's message reopens a pending, snoozed or resolved conversation, and says so", async () => {
    const from = phone();
    const { conversationId } = await customerWrites(channel, { from });
    for (const change of [{ status: "pending" }, { status: "snoozed", snooze: { until: inOneHour() } }, { status: "resolved" }] as const) {
      await asUser(team.agent.claims, (tx) => setConversationStatus(tx, agent(), conversationId, change));
      await customerWrites(channel, { from, text: "Kak, masih ada?" });
      expect(await row(conversationId)).toMatchObject({ status: "open", snoozed_until: null, resolved_at: null });
      expect(await lastActivity(conversationId)).toEqual({
        kind: "status_changed",
        actor_id: null,
        data: { from: change.status, to: "open", via: "customer_message" },
      });
    }
  });
});

describe("the list's status tabs", () => {
  it("search under All finds a resolved conversation, marked resolved; Open does not list it", async () => {
    const name = `Selesai ${Date.now().toString(36)}`;
    const { conversationId } = await customerWrites(channel, { from: phone(), name });
    await asUser(team.agent.claims, (tx) => setConversationStatus(tx, agent(), conversationId, { status: "resolved" }));
    const search = (filter: ConversationFilter) =>
      asUser(team.agent.claims, (tx) =>
        listConversations(tx, team.workspaceId, { userId: team.agent.id, filter, search: name, limit: 10 }),
      );
    expect((await search({ status: ["open"] })).items).toEqual([]);
    expect((await search({})).items.map((c) => [c.id, c.status])).toEqual([[conversationId, "resolved"]]);
    expect((await search({ status: ["resolved"] })).items.map((c) => c.id)).toEqual([conversationId]);
  });

  it("a snoozed row carries its wake time", async () => {
    const { conversationId } = await customerWrites(channel, { from: phone() });
    const until = inOneHour();
    await asUser(team.agent.claims, (tx) => setConversationStatus(tx, agent(), conversationId, { status: "snoozed", snooze: { until } }));
    const page = await asUser(team.agent.claims, (tx) =>
      listConversations(tx, team.workspaceId, { userId: team.agent.id, filter: { status: ["snoozed"] }, limit: 100 }),
    );
    const found = page.items.find((c) => c.id === conversationId);
    expect(found && new Date(found.snoozed_until ?? "").getTime()).toBe(new Date(until).getTime());
  });
});

describe("the wake-up job", () => {
  it("is scheduled every minute as a singleton (one run across instances)", () => {
    expect(JOBS).toContain(wakeSnoozedJob);
    expect(wakeSnoozedJob).toMatchObject({ schedule: "* * * * *", options: { policy: "singleton" } });
  });

  it("opens the snoozes that are due, however late (a restart only delays it), and records it", async () => {
    const due = await customerWrites(channel, { from: phone() });
    const later = await customerWrites(channel, { from: phone() });
    for (const { conversationId } of [due, later]) {
      await asUser(team.agent.claims, (tx) =>
        setConversationStatus(tx, agent(), conversationId, { status: "snoozed", snooze: { until: inOneHour() } }),
      );
    }
    // Its time passed while no worker ran (a deploy, a crash): it is still due.
    await asService(
      (tx) => tx`update public.conversations set snoozed_until = now() - interval '3 hours' where id = ${due.conversationId}`,
    );

    await wakeSnoozedJob.run({}, { jobId: "test", retryCount: 0, finalAttempt: false });
    expect(await row(due.conversationId)).toMatchObject({ status: "open", snoozed_until: null });
    expect(await row(later.conversationId)).toMatchObject({ status: "snoozed" });
    expect(await lastActivity(due.conversationId)).toEqual({
      kind: "status_changed",
      actor_id: null,
      data: { from: "snoozed", to: "open", via: "snooze_ended" },
    });

    // Run again (another instance, the next minute): nothing more to wake, no second line.
    await wakeSnoozedJob.run({}, { jobId: "test", retryCount: 0, finalAttempt: false });
    const [lines] = await asService(
      (tx) => tx<{ n: number }[]>`
        select count(*)::int as n from public.conversation_activity
        where conversation_id = ${due.conversationId} and data ->> 'via' = 'snooze_ended'`,
    );
    expect(lines?.n).toBe(1);
  });
});

describe("the API", () => {
  let key: string;
  let keyId: string;
  let readKey: string;
  beforeAll(async () => {
    ({ key, id: keyId } = await createKey(team, "write"));
    ({ key: readKey } = await createKey(team, "read"));
  });

  const patch = (id: string, body: unknown, withKey = key) =>
    read<{ status: string; snoozed_until: string | null; resolved_at: string | null }>(
      conversationById.PATCH(apiRequest("PATCH", `/conversations/${id}`, { key: withKey, body }), params({ id })),
    );
  const list = (query: string) =>
    read<{ data: { id: string; status: string }[] }>(conversations.GET(apiRequest("GET", `/conversations?${query}`, { key })));

  it("changes the status, snoozes until a time, and names the key in the activity", async () => {
    const { conversationId } = await customerWrites(channel, { from: phone() });
    const until = new Date(Date.now() + 86_400_000);
    const snoozed = await patch(conversationId, { status: "snoozed", snoozed_until: until.toISOString() });
    expect(snoozed.status).toBe(200);
    expect(snoozed.body).toMatchObject({ status: "snoozed", resolved_at: null });
    expect(new Date(snoozed.body.snoozed_until ?? "").getTime()).toBe(until.getTime());
    expect(await lastActivity(conversationId)).toEqual({
      kind: "snoozed",
      actor_id: null,
      data: { from: "open", until: expect.any(String), api_key_id: keyId },
    });
    expect((await list("status=snoozed")).body.data.map((c) => c.id)).toContain(conversationId);

    const resolved = await patch(conversationId, { status: "resolved" });
    expect(resolved.body).toMatchObject({ status: "resolved", snoozed_until: null, resolved_at: expect.any(String) });

    expect((await patch(conversationId, { status: "snoozed" })).status).toBe(422);
    expect((await patch(conversationId, { status: "open", snoozed_until: until.toISOString() })).status).toBe(422);
    expect((await patch(conversationId, { status: "snoozed", snoozed_until: "2020-01-01T00:00:00Z" })).status).toBe(422);
    expect((await patch(conversationId, { status: "open" }, readKey)).status).toBe(403);
    expect((await row(conversationId)).status).toBe("resolved");
  });

  it("still accepts the old status names as filters (deprecated): active is open, archived is resolved", async () => {
    const open = await customerWrites(channel, { from: phone() });
    const resolved = await customerWrites(channel, { from: phone() });
    await patch(resolved.conversationId, { status: "resolved" });
    const active = (await list("status=active&limit=100")).body.data;
    expect(active.map((c) => c.id)).toContain(open.conversationId);
    expect(new Set(active.map((c) => c.status))).toEqual(new Set(["open"]));
    const archived = (await list("status=archived&limit=100")).body.data;
    expect(archived.map((c) => c.id)).toContain(resolved.conversationId);
    expect(new Set(archived.map((c) => c.status))).toEqual(new Set(["resolved"]));
  });
});

const superuserUrl = inject("superuserUrl");

// Needs a server where databases can be created: the embedded one, or TEST_SUPERUSER_URL.
describe.runIf(superuserUrl)("the migration to the new statuses", () => {
  const scratch = emptyDatabase(superuserUrl ?? "");

  it("keeps every conversation: active becomes open, archived becomes resolved (resolved when last changed)", async () => {
    // The schema as it was before this migration: the migrations up to it, pushed from a copy of the project.
    const workdir = await mkdtemp(path.join(tmpdir(), "conversa-statuses-"));
    try {
      await cp(path.join(repoRoot, "supabase"), path.join(workdir, "supabase"), { recursive: true });
      for (const file of await readdir(path.join(workdir, "supabase/migrations"))) {
        if (file >= "20261206110000") await rm(path.join(workdir, "supabase/migrations", file));
      }
      await applyPlatformBootstrap(scratch.superuserUrl, "postgres");
      await supabaseCli(["db", "push", `--remote=${withSslDisabled(scratch.appUrl)}`, "--yes"], { workdir });

      const sql = postgres(scratch.superuserUrl, { max: 1, onnotice: () => {} });
      try {
        await sql`insert into public.workspaces (id, name, slug) values ('00000000-0000-4000-8000-0000000000a1', 'W', 'w')`;
        await sql`insert into public.whatsapp_channels (id, workspace_id, provider, phone_number_id, display_phone_number)
                  values ('00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000a1', 'meta', '1', '+62')`;
        await sql`insert into public.contacts (id, workspace_id, phone_e164) values
                  ('00000000-0000-4000-9000-000000000001', '00000000-0000-4000-8000-0000000000a1', '+6281234567801'),
                  ('00000000-0000-4000-9000-000000000002', '00000000-0000-4000-8000-0000000000a1', '+6281234567802')`;
        await sql`insert into public.conversations (id, workspace_id, channel_id, contact_id, status, assigned_to, created_at, updated_at)
                  values ('00000000-0000-4000-a000-000000000001', '00000000-0000-4000-8000-0000000000a1',
                          '00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-9000-000000000001', 'active', null,
                          '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'),
                         ('00000000-0000-4000-a000-000000000002', '00000000-0000-4000-8000-0000000000a1',
                          '00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-9000-000000000002', 'archived', null,
                          '2026-11-01T00:00:00Z', '2026-11-03T00:00:00Z')`;
        await sql.end();

        await applyMigrations(scratch.appUrl);

        const after = postgres(scratch.superuserUrl, { max: 1, onnotice: () => {} });
        const rows = await after<(StatusRow & { id: string; updated_at: Date })[]>`
          select id, status, snoozed_until, resolved_at, opened_at, updated_at from public.conversations order by id`;
        await after.end();
        expect(rows).toEqual([
          {
            id: "00000000-0000-4000-a000-000000000001",
            status: "open",
            snoozed_until: null,
            resolved_at: null,
            opened_at: new Date("2026-11-01T00:00:00Z"),
            updated_at: new Date("2026-11-02T00:00:00Z"),
          },
          {
            id: "00000000-0000-4000-a000-000000000002",
            status: "resolved",
            snoozed_until: null,
            resolved_at: new Date("2026-11-03T00:00:00Z"),
            opened_at: new Date("2026-11-01T00:00:00Z"),
            updated_at: new Date("2026-11-03T00:00:00Z"),
          },
        ]);
      } finally {
        await sql.end();
      }
    } finally {
      await rm(workdir, { recursive: true, force: true });
    }
  }, 300_000);
});
