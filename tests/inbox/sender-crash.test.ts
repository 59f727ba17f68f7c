import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { asService } from "@/server/db/client";
import { requeueStalledSends, STALLED_SEND_SECONDS } from "@/server/inbox/jobs";
import { repoRoot } from "../../scripts/database/prepare";
import { metaStatus } from "../../scripts/webhooks/payloads";
import { approvedTemplate, create, randomPhone } from "../broadcasts/support";
import { answeredWamid, connectChannel, type RecordedRequest, useFakeProvider } from "../support/fake-provider";
import { createTeam } from "../support/fixtures";
import { useScratchDatabase } from "../support/scratch-database";
import { createChannel, deliverAndProcess, type TestChannel } from "../support/webhooks";

/**
 * The real worker (`npm run worker`'s script, a child process) sends two
 * broadcasts through the fake Cloud API, which answers after 150 ms; Meta's
 * "sent" status of every answered send reaches the app a second or so later
 * through the webhook pipeline (receive, store, process), with our message
 * id in biz_opaque_callback_data, as Meta sends them. The worker is
 * `kill -9`ed mid-way and started again. Every recipient is then sent
 * exactly once: the sends the kill cut after WhatsApp's answer are settled
 * by their status, and the ones it cut between the claim and the request
 * (in doubt) are released by the statuses of their number's later sends
 * (grace shortened to 2 s for the test) and sent once.
 *
 * The file has a database of its own: the worker works every queue of it.
 */
useScratchDatabase();
const fake = useFakeProvider();
const RECIPIENTS_PER_NUMBER = 250;
const GRACE_SECONDS = 2;
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
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "error", SEND_DOUBT_GRACE_SECONDS: String(GRACE_SECONDS) },
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

/**
 * Meta's side of the statuses: every second, a "sent" status for each send
 * answered since, one webhook per number, delivered and processed as the
 * webhook route does. Returns a stop function that delivers what is left.
 */
function deliverStatusesEverySecond(answered: RecordedRequest[]) {
  let reported = 0;
  const deliverDue = async () => {
    const due = answered.slice(reported);
    reported += due.length;
    for (const number of numbers) {
      const own = due.filter((r) => r.phoneNumberId === number.phoneNumberId && answeredWamid(r));
      if (own.length === 0) continue;
      const body = metaStatus(number, { wamid: answeredWamid(own[0]) as string, status: "sent", recipient: own[0]?.json?.to as string });
      const value = body.entry[0]?.changes[0]?.value as { statuses: Record<string, unknown>[] };
      const [template] = value.statuses;
      value.statuses = own.map((r) => ({
        ...template,
        id: answeredWamid(r),
        recipient_id: r.json?.to,
        biz_opaque_callback_data: messageOf(r),
      }));
      await deliverAndProcess(number, "meta", body);
    }
  };
  let running = true;
  const loop = (async () => {
    while (running) {
      await sleep(1000);
      await deliverDue();
    }
  })();
  return async () => {
    running = false;
    await loop;
    await deliverDue();
  };
}

it("sends every recipient of a broadcast exactly once across a kill -9 of the worker and a restart", { timeout: 300_000 }, async () => {
  const answered: RecordedRequest[] = [];
  fake.beforeReply = async (request) => {
    if (request.route !== "messages") return;
    await sleep(150);
    answered.push(request);
  };
  const stopStatuses = deliverStatusesEverySecond(answered);
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
  const sendsAtKill = new Set(sends().map(messageOf));
  expect(atKill).toBeLessThan(total);
  // What the kill left in doubt: claimed, no wamid (answered and not recorded, or the request never out).
  const inDoubt = await asService(
    (tx) => tx<{ id: string }[]>`
      select id from public.messages
      where workspace_id = ${team.workspaceId} and status = 'pending' and wamid is null and send_claimed_at is not null`,
  );

  startWorker();
  // The jobs the killed worker held come back with the minute's sweep, once they are STALLED_SEND_SECONDS old.
  await requeueStalledSends({ now: new Date(Date.now() + (STALLED_SEND_SECONDS + 1) * 1000) });
  const pending = async () => {
    const [row] = await asService(
      (tx) => tx<{ n: number }[]>`
        select count(*)::int as n from public.broadcast_recipients r
        left join public.messages m on m.id = r.message_id
        where r.workspace_id = ${team.workspaceId} and r.state <> 'skipped' and (r.message_id is null or m.status = 'pending')`,
    );
    return row?.n ?? 0;
  };
  await until(async () => (await pending()) === 0, "every recipient sent and recorded");
  await stopWorker("SIGTERM");
  await stopStatuses();

  const received = new Map<string, number>();
  for (const request of sends()) received.set(messageOf(request), (received.get(messageOf(request)) ?? 0) + 1);
  const rows = await asService(
    (tx) => tx<{ id: string; status: string; wamid: string | null; send_claimed_at: Date | null }[]>`
      select m.id, m.status, m.wamid, m.send_claimed_at from public.broadcast_recipients r
      join public.messages m on m.id = r.message_id
      where r.workspace_id = ${team.workspaceId}`,
  );
  expect(rows).toHaveLength(total);
  // Each reached the fake exactly once, and is recorded as sent with the wamid the fake answered.
  expect(rows.filter((r) => received.get(r.id) !== 1).map((r) => [r.id, received.get(r.id) ?? 0])).toEqual([]);
  const wamids = new Map(sends().map((r) => [messageOf(r), answeredWamid(r)]));
  for (const row of rows) expect(row).toMatchObject({ status: "sent", wamid: wamids.get(row.id), send_claimed_at: null });
  const neverOut = inDoubt.filter((m) => !sendsAtKill.has(m.id)).length;
  console.info(
    `kill -9 after ${atKill} of ${total} sends; in doubt: ${inDoubt.length}, of which ${neverOut} never left (released, sent once)`,
  );
});
