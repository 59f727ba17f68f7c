import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snoozeUntil } from "@/lib/snooze";
import { asService, asUser, db, type Tx } from "@/server/db/client";
import { runBulkAction } from "@/server/inbox/bulk";
import { addLabels, createLabel } from "@/server/inbox/labels";
import { seedConversations } from "../support/conversations";
import { createTeam, type TestUser } from "../support/fixtures";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let other: Team;

/**
 * Statements that wrote conversations or their labels, counted by
 * statement-level triggers into a transaction-local setting: a bulk action
 * that updated row by row would count thousands here, not a handful.
 */
beforeAll(async () => {
  await db().unsafe(`
    create or replace function private.test_count_statement() returns trigger language plpgsql as $$
    begin
      perform set_config('conversa_test.statements',
        (coalesce(nullif(current_setting('conversa_test.statements', true), ''), '0')::int + 1)::text, true);
      return null;
    end $$;
    grant execute on function private.test_count_statement() to authenticated, service_role;
    create trigger test_count_conversation_updates after update on public.conversations
      for each statement execute function private.test_count_statement();
    create trigger test_count_label_inserts after insert on public.conversation_labels
      for each statement execute function private.test_count_statement();`);
  team = await createTeam();
  other = await createTeam();
});

afterAll(async () => {
  await db().unsafe(`
    drop trigger test_count_conversation_updates on public.conversations;
    drop trigger test_count_label_inserts on public.conversation_labels;
    drop function private.test_count_statement();`);
});

/** Runs `fn` as the user and returns its result with the number of writing statements it made. */
function counted<T>(user: TestUser, fn: (tx: Tx) => Promise<T>) {
  return asUser(user.claims, async (tx) => {
    await tx`select set_config('conversa_test.statements', '0', true)`;
    const result = await fn(tx);
    const [row] = await tx<{ n: string }[]>`select current_setting('conversa_test.statements') as n`;
    return { result, statements: Number(row?.n) };
  });
}

const actorOf = (t: Team, user: TestUser) => ({ workspaceId: t.workspaceId, userId: user.id });
const statuses = (ids: string[]) =>
  asService((tx) => tx<{ id: string; status: string }[]>`select id, status from public.conversations where id = any(${ids}::uuid[])`).then(
    (rows) => Object.fromEntries(rows.map((r) => [r.id, r.status])),
  );
const bulkAudits = (workspaceId: string) =>
  asService(
    (tx) => tx<{ actor_id: string; details: { matched: number; changed: number; operation: { kind: string } } }[]>`
      select actor_id, details from public.audit_log where workspace_id = ${workspaceId} and action = 'conversation.bulk_updated' order by id`,
  );

describe("bulk actions on thousands of conversations", () => {
  it("resolves 2,500 matching a filter in three statements (chunks of 1,000), audited once with the count", async () => {
    const big = await createTeam();
    const ids = await seedConversations(big.workspaceId, 2_500);
    const { result, statements } = await counted(big.agent, (tx) =>
      runBulkAction(tx, actorOf(big, big.agent), { filter: { status: ["open"] } }, { kind: "resolve" }),
    );
    expect(result).toEqual({ matched: 2_500, changed: 2_500 });
    expect(statements).toBe(3);
    expect(new Set(Object.values(await statuses(ids)))).toEqual(new Set(["resolved"]));
    expect(await bulkAudits(big.workspaceId)).toEqual([
      expect.objectContaining({ actor_id: big.agent.id, details: expect.objectContaining({ matched: 2_500, changed: 2_500 }) }),
    ]);
  });

  it("labels 2,500 selected ids in three statements, and again changes nothing", async () => {
    const big = await createTeam();
    const ids = await seedConversations(big.workspaceId, 2_500);
    const vip = await asUser(big.admin.claims, (tx) =>
      createLabel(tx, big.workspaceId, { name: "VIP", color: "amber", description: null }),
    );
    const first = await counted(big.agent, (tx) =>
      runBulkAction(tx, actorOf(big, big.agent), { ids }, { kind: "add_label", labelId: vip.id }),
    );
    expect(first).toEqual({ result: { matched: 2_500, changed: 2_500 }, statements: 3 });
    const again = await counted(big.agent, (tx) =>
      runBulkAction(tx, actorOf(big, big.agent), { ids }, { kind: "add_label", labelId: vip.id }),
    );
    expect(again.result).toEqual({ matched: 2_500, changed: 0 });
    const [count] = await asService(
      (tx) => tx<{ n: number }[]>`select count(*)::int as n from public.conversation_labels where label_id = ${vip.id}`,
    );
    expect(count?.n).toBe(2_500);
  });
});

describe("select all matching", () => {
  let billing: string;
  const c = { billed: [] as string[], plain: [] as string[], resolvedBilled: [] as string[], theirs: [] as string[] };

  beforeAll(async () => {
    billing = (
      await asUser(team.admin.claims, (tx) => createLabel(tx, team.workspaceId, { name: "Billing", color: "blue", description: null }))
    ).id;
    c.billed = await seedConversations(team.workspaceId, 5);
    c.plain = await seedConversations(team.workspaceId, 5);
    c.resolvedBilled = await seedConversations(team.workspaceId, 3, { status: "resolved" });
    c.theirs = await seedConversations(other.workspaceId, 4);
    await asUser(team.agent.claims, async (tx) => {
      for (const id of [...c.billed, ...c.resolvedBilled]) await addLabels(tx, team.workspaceId, id, [billing]);
    });
  });

  it("acts on exactly what the filter matches, across pages", async () => {
    const { result } = await counted(team.agent, (tx) =>
      runBulkAction(
        tx,
        actorOf(team, team.agent),
        { filter: { status: ["open"], labelIds: [billing] } },
        { kind: "assign", assigneeId: team.admin.id },
      ),
    );
    expect(result).toEqual({ matched: 5, changed: 5 });
    const assigned = await asService(
      (tx) =>
        tx<
          { id: string }[]
        >`select id from public.conversations where workspace_id = ${team.workspaceId} and assigned_to = ${team.admin.id}`,
    );
    expect(assigned.map((r) => r.id).sort()).toEqual([...c.billed].sort());
  });

  it("respects the search too", async () => {
    const [first] = c.plain;
    const [contact] = await asService(
      (tx) => tx<{ phone: string }[]>`
        select k.phone_e164 as phone from public.conversations c join public.contacts k on k.id = c.contact_id where c.id = ${first ?? ""}`,
    );
    const { result } = await counted(team.agent, (tx) =>
      runBulkAction(tx, actorOf(team, team.agent), { filter: { status: ["open"] }, search: contact?.phone ?? "" }, { kind: "mark_unread" }),
    );
    expect(result).toEqual({ matched: 1, changed: 1 });
    const [row] = await asService((tx) => tx<{ is_read: boolean }[]>`select is_read from public.conversations where id = ${first ?? ""}`);
    expect(row?.is_read).toBe(false);
  });

  it("never reaches another workspace: not by its filter, not by its ids", async () => {
    const before = await statuses(c.theirs);
    // A member of `team` naming the other workspace, and naming the other's ids in their own.
    await expect(
      asUser(team.agent.claims, (tx) => runBulkAction(tx, actorOf(other, team.agent), { filter: {} }, { kind: "resolve" })),
    ).rejects.toThrow();
    const byIds = await asUser(team.agent.claims, (tx) =>
      runBulkAction(tx, actorOf(team, team.agent), { ids: c.theirs }, { kind: "resolve" }),
    );
    expect(byIds).toEqual({ matched: 0, changed: 0 });
    expect(await statuses(c.theirs)).toEqual(before);
  });

  it("refuses a label or assignee of another workspace, and a snooze in the past", async () => {
    const theirLabel = await asUser(other.admin.claims, (tx) =>
      createLabel(tx, other.workspaceId, { name: "Theirs", color: "red", description: null }),
    );
    const run = (operation: Parameters<typeof runBulkAction>[3]) =>
      asUser(team.agent.claims, (tx) => runBulkAction(tx, actorOf(team, team.agent), { ids: c.plain }, operation));
    await expect(run({ kind: "add_label", labelId: theirLabel.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(run({ kind: "assign", assigneeId: other.agent.id })).rejects.toMatchObject({ code: "invalid" });
    await expect(run({ kind: "snooze", snooze: { until: new Date(Date.now() - 60_000).toISOString() } })).rejects.toMatchObject({
      code: "invalid",
    });
    const [theirTeam] = await asService(
      (tx) => tx<{ id: string }[]>`insert into public.teams (workspace_id, name) values (${other.workspaceId}, 'Theirs') returning id`,
    );
    await expect(run({ kind: "set_team", teamId: theirTeam?.id ?? "" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("moves the selection to a team in one statement, and back to none", async () => {
    const [squad] = await asService(
      (tx) => tx<{ id: string }[]>`insert into public.teams (workspace_id, name) values (${team.workspaceId}, 'Bulk squad') returning id`,
    );
    const teamId = squad?.id ?? "";
    const run = (operation: Parameters<typeof runBulkAction>[3]) =>
      asUser(team.agent.claims, (tx) => runBulkAction(tx, actorOf(team, team.agent), { ids: c.plain }, operation));
    expect(await run({ kind: "set_team", teamId })).toEqual({ matched: c.plain.length, changed: c.plain.length });
    expect(await run({ kind: "set_team", teamId })).toEqual({ matched: c.plain.length, changed: 0 });
    const teams = await asService(
      (tx) => tx<{ team_id: string | null }[]>`select team_id from public.conversations where id = any(${c.plain}::uuid[])`,
    );
    expect(new Set(teams.map((row) => row.team_id))).toEqual(new Set([teamId]));
    expect(await run({ kind: "set_team", teamId: null })).toEqual({ matched: c.plain.length, changed: c.plain.length });
  });

  it("snoozes until a preset on the workspace's clock (its time zone and business hours), as one conversation's menu does", async () => {
    const clocked = await createTeam();
    const ids = await seedConversations(clocked.workspaceId, 3);
    await asService(
      (tx) => tx`update public.workspaces set time_zone = 'Asia/Jakarta', business_hours = '{"tue":{"open":"07:30","close":"16:00"}}'
                 where id = ${clocked.workspaceId}`,
    );
    const now = new Date();
    const result = await asUser(clocked.agent.claims, (tx) =>
      runBulkAction(tx, actorOf(clocked, clocked.agent), { ids }, { kind: "snooze", snooze: { preset: "tomorrow" } }, { now }),
    );
    expect(result).toEqual({ matched: 3, changed: 3 });
    const expected = snoozeUntil("tomorrow", now, "Asia/Jakarta", { tue: { open: "07:30", close: "16:00" } });
    const rows = await asService(
      (tx) => tx<{ snoozed_until: Date | null }[]>`select snoozed_until from public.conversations where id = any(${ids}::uuid[])`,
    );
    expect(rows.map((r) => r.snoozed_until?.toISOString())).toEqual(ids.map(() => expected?.toISOString()));
    // Jakarta's Tuesday 07:30 is 00:30 UTC.
    expect(expected?.toISOString()).toMatch(/T00:30:00\.000Z$/);
  });

  it("snoozes, reopens, marks read and unread, removes a label", async () => {
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const run = (operation: Parameters<typeof runBulkAction>[3]) =>
      asUser(team.agent.claims, (tx) => runBulkAction(tx, actorOf(team, team.agent), { ids: c.billed }, operation));
    expect(await run({ kind: "snooze", snooze: { until } })).toEqual({ matched: 5, changed: 5 });
    expect(new Set(Object.values(await statuses(c.billed)))).toEqual(new Set(["snoozed"]));
    expect(await run({ kind: "reopen" })).toEqual({ matched: 5, changed: 5 });
    expect(await run({ kind: "mark_unread" })).toEqual({ matched: 5, changed: 5 });
    expect(await run({ kind: "mark_read" })).toEqual({ matched: 5, changed: 5 });
    expect(await run({ kind: "mark_read" })).toEqual({ matched: 5, changed: 0 });
    expect(await run({ kind: "remove_label", labelId: billing })).toEqual({ matched: 5, changed: 5 });
    const rows = await asService(
      (tx) => tx<{ snoozed_until: Date | null; status: string; is_read: boolean }[]>`
        select snoozed_until, status, is_read from public.conversations where id = any(${c.billed}::uuid[])`,
    );
    for (const row of rows) expect(row).toEqual({ snoozed_until: null, status: "open", is_read: true });
  });
});
