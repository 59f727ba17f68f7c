import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { asService } from "@/server/db/client";
import { requeueStalledSends, STALLED_SEND_SECONDS } from "@/server/inbox/jobs";
import { repoRoot } from "../../scripts/database/prepare";
import { approvedTemplate, create, randomPhone } from "../broadcasts/support";
import { answeredWamid, connectChannel, type RecordedRequest, useFakeProvider } from "../support/fake-provider";
import { createTeam } from "../support/fixtures";
import { useScratchDatabase } from "../support/scratch-database";
import { createChannel, type TestChannel } from "../support/webhooks";

/**
 * The real worker (`npm run worker`'s script, a child process) sends two
 * broadcasts through the fake Cloud API, which answers after 150 ms; it is
 * `kill -9`ed mid-way and started again. Every recipient is then sent
 * exactly once: none twice, and every message either answered and recorded,
 * or answered and settled by its status webhook (biz_opaque_callback_data),
 * or (the one window left: claimed, the process killed before its request
 * left) never sent and held for a person, not sent again blindly.
 *
 * The file has a database of its own: the worker works every queue of it.
 */
useScratchDatabase();
const fake = useFakeProvider();
const RECIPIENTS_PER_NUMBER = 250;
let team: Awaited<ReturnType<typeof createTeam>>;
let numbers: TestChannel[];
let worker: ChildProcess | null = null;

beforeAll(async () => {
  team = await createTeam();
  numbers = [await createChannel({ workspaceId: team.workspaceId }), await createChannel({ workspaceId: team.workspaceId })];
  for (const number of numbers) await connectChannel(fake, number, "meta");
});

afterAll(async () => {
  await stopWorker("SIGKILL");
});

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "error" },
  });
  worker = child;
  return child;
}

async function stopWorker(signal: NodeJS.Signals) {
  const child = worker;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await exited;
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000) {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const sends = () => fake.requests.filter((r) => r.route === "messages");
const messageOf = (request: RecordedRequest) => request.json?.biz_opaque_callback_data as string;

it("sends every recipient of a broadcast exactly once across a kill -9 of the worker and a restart", { timeout: 300_000 }, async () => {
  fake.beforeReply = async (request) => {
    if (request.route === "messages") await sleep(150);
  };
  const template = await approvedTemplate(team.workspaceId, numbers[0]?.wabaId as string);
  await asService((tx) => tx`update public.whatsapp_templates set waba_id = null where id = ${template.id}`);
  const broadcasts: { id: string }[] = [];
  for (const number of numbers) {
    const phones = Array.from({ length: RECIPIENTS_PER_NUMBER }, randomPhone);
    broadcasts.push(
      await create(team.admin, team.workspaceId, {
        channelId: number.id,
        templateId: template.id,
        csv: { phones: [...new Set(phones)], invalid: [], duplicates: 0 },
        filter: null,
        start: "now",
      }),
    );
  }
  const [{ total } = { total: 0 }] = await asService(
    (tx) => tx<{ total: number }[]>`
      select coalesce(sum(cardinality(csv_phones)), 0)::int as total from public.broadcasts
      where id = any(${tx.array(broadcasts.map((b) => b.id))}::uuid[])`,
  );

  startWorker();
  await until(() => sends().length >= total / 3, "a third of the sends");
  await stopWorker("SIGKILL");
  const atKill = sends().length;
  expect(atKill).toBeLessThan(total);

  startWorker();
  // The jobs the killed worker held come back with the minute's sweep, once they are STALLED_SEND_SECONDS old.
  await requeueStalledSends({ now: new Date(Date.now() + (STALLED_SEND_SECONDS + 1) * 1000) });
  const unsent = async () => {
    const [row] = await asService(
      (tx) => tx<{ n: number }[]>`
        select count(*)::int as n from public.broadcast_recipients r
        left join public.messages m on m.id = r.message_id
        where r.workspace_id = ${team.workspaceId} and r.state <> 'skipped'
          and (r.message_id is null or (m.status = 'pending' and m.send_claimed_at is null))`,
    );
    return row?.n ?? 0;
  };
  await until(async () => (await unsent()) === 0, "every recipient sent");
  // Answers the fake gave just now are recorded a moment later.
  await sleep(1000);
  await stopWorker("SIGTERM");

  // Meta's "sent" status of every answered send, with our message id in biz_opaque_callback_data.
  const answered = sends()
    .map((r) => ({ wamid: answeredWamid(r), key: messageOf(r) }))
    .filter((a) => a.wamid);
  await asService(
    (tx) => tx`
      insert into public.message_statuses (workspace_id, wamid, status, occurred_at, errors, details)
      select ${team.workspaceId}, s.wamid, 'sent', now(), '[]'::jsonb, jsonb_build_object('biz_opaque_callback_data', s.key)
      from jsonb_to_recordset(${JSON.stringify(answered)}::text::jsonb) as s(wamid text, key text)
      on conflict do nothing`,
  );

  const received = new Map<string, number>();
  for (const request of sends()) received.set(messageOf(request), (received.get(messageOf(request)) ?? 0) + 1);
  expect([...received.values()].filter((n) => n > 1)).toEqual([]);
  const rows = await asService(
    (tx) => tx<{ id: string; status: string; wamid: string | null; send_claimed_at: Date | null }[]>`
      select m.id, m.status, m.wamid, m.send_claimed_at from public.broadcast_recipients r
      join public.messages m on m.id = r.message_id
      where r.workspace_id = ${team.workspaceId}`,
  );
  expect(rows).toHaveLength(total);
  const inDoubt = rows.filter((r) => !received.has(r.id));
  // Received once each, and recorded as sent with the wamid the fake answered.
  for (const row of rows.filter((r) => received.has(r.id))) expect(row).toMatchObject({ status: "sent", send_claimed_at: null });
  // What the kill cut between a claim's commit and its request: claimed, never sent, not sent again.
  for (const row of inDoubt) expect(row).toMatchObject({ status: "pending", wamid: null });
  expect(inDoubt.every((r) => r.send_claimed_at !== null)).toBe(true);
  expect(received.size + inDoubt.length).toBe(total);
  // At most the sends of the moment: on a starved machine the requests of a claimed batch leave some ms after it.
  expect(inDoubt.length).toBeLessThan(total / 10);
});
