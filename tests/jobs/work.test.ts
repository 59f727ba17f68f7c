import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { defineJob } from "@/server/jobs/define";
import { enqueue } from "@/server/jobs/enqueue";
import { queue, stopQueue } from "@/server/jobs/queue";
import { workJobs } from "@/server/jobs/work";
import { jobsFor } from "../support/fake-provider";

// A queue of this file's own: its worker takes no other file's jobs from the shared database.
const name = `test.continuous-${randomUUID()}`;
/** Runs of the "held" job wait here until the test lets them go (a send waiting for its busy number's slot). */
let release: () => void = () => {};
const held = new Promise<void>((resolve) => {
  release = resolve;
});
const finished: string[] = [];
const slowAndQuickJob = defineJob({
  name,
  payload: z.object({ key: z.uuid(), hold: z.boolean().optional() }),
  options: { retryLimit: 0 },
  singletonKey: ({ key }) => key,
  // pg-boss's own loop would take the held job and the next one as a batch and fetch no more until both ended.
  work: { concurrency: 20, batchSize: 2, pollingIntervalSeconds: 0.5 },
  run: async ({ key, hold }) => {
    if (hold) await held;
    finished.push(key);
  },
});

beforeAll(async () => {
  await workJobs(await queue(), slowAndQuickJob);
});

afterAll(async () => {
  release();
  await stopQueue();
});

async function stateOf(key: string) {
  const [job] = await jobsFor(name, key);
  return job?.state;
}

it("a fetch that fails (the database away for a moment) is asked again at the next poll, not the end of fetching", async () => {
  const boss = await queue();
  const fetch = boss.fetch.bind(boss);
  let failures = 2;
  boss.fetch = (async (...args: Parameters<typeof fetch>) => {
    if (failures > 0) {
      failures -= 1;
      throw new Error("Connection terminated unexpectedly");
    }
    return fetch(...args);
  }) as typeof boss.fetch;
  try {
    // Both failures are spent on polls before this job is queued, or on the polls right after it.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const key = randomUUID();
    await enqueue(slowAndQuickJob, { key });
    for (let i = 0; i < 100 && !finished.includes(key); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(failures).toBe(0);
    expect(finished).toContain(key);
  } finally {
    boss.fetch = fetch;
  }
});

it("with a concurrency, a job that waits holds back none fetched with it or after it, and stopping waits for it", async () => {
  const slow = randomUUID();
  const quick: string[] = Array.from({ length: 6 }, () => randomUUID());
  await enqueue(slowAndQuickJob, { key: slow, hold: true });
  for (const key of quick) await enqueue(slowAndQuickJob, { key });

  // `finished` also holds the first test's job: wait for these six by name.
  for (let i = 0; i < 100 && !quick.every((key) => finished.includes(key)); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(finished.filter((key) => quick.includes(key)).sort()).toEqual([...quick].sort());
  for (const key of quick) expect(await stateOf(key)).toBe("completed");
  expect(await stateOf(slow)).toBe("active");

  // A graceful stop fetches nothing more and waits for the running job to end.
  const stopping = stopQueue();
  setTimeout(release, 300);
  await stopping;
  expect(finished).toContain(slow);
  expect(await stateOf(slow)).toBe("completed");
});
