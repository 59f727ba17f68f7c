/**
 * The paced webhook load (webhook-load.ts) from a process of its own, so
 * that the moment a webhook is sent and the moment its answer is read do
 * not wait on the event loop of the process that runs the rest of a
 * benchmark (bench:live parses every emulated tab's stream there). The
 * parent forks this file, sends it the load's settings and gets back, once
 * the load has ended, every webhook's due and settled times in epoch ms
 * (the clock both processes and the browser share).
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type BenchChannel, paced, type WebhookOutcome } from "./webhook-load";

export interface SenderLoad {
  port: number;
  channel: BenchChannel;
  rate: number;
  seconds: number;
  connections: number;
  numbers: number;
  firstSequence: number;
}

type SenderReport = { outcomes: WebhookOutcome[]; summary: Awaited<ReturnType<typeof paced>> };

/** Runs `load` in a child process; outcome times are epoch ms. */
export function pacedInChildProcess(load: SenderLoad): Promise<SenderReport> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    // tsx runs this TypeScript file in the child as it does in the parent.
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    let report: SenderReport | null = null;
    child.on("message", (message: "ready" | SenderReport) => {
      if (message === "ready") child.send(load);
      else report = message;
    });
    child.on("error", reject);
    child.on("exit", (code) => (report ? resolve(report) : reject(new Error(`the webhook sender exited with ${code} and no report`))));
  });
}

async function runAsChild() {
  const send = process.send?.bind(process);
  if (!send) throw new Error("webhook-sender.ts runs as a forked child");
  const load = await new Promise<SenderLoad>((resolve) => {
    process.once("message", (message) => resolve(message as SenderLoad));
    send("ready");
  });
  const toEpoch = (t: number) => performance.timeOrigin + t;
  const outcomes: WebhookOutcome[] = [];
  const summary = await paced(load.port, load.channel, load.rate, load.seconds, {
    connections: load.connections,
    numbers: load.numbers,
    firstSequence: load.firstSequence,
    onSettled: (outcome) => outcomes.push({ ...outcome, due: toEpoch(outcome.due), settled: toEpoch(outcome.settled) }),
  });
  send({ outcomes, summary } satisfies SenderReport, () => process.disconnect());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) void runAsChild();
