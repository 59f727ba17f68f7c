import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/server/db/client";
import { sendMessageJob } from "@/server/inbox/jobs";
import { DEAD_LETTERS, defineJob } from "@/server/jobs/define";
import { enqueue } from "@/server/jobs/enqueue";
import { queue, stopQueue } from "@/server/jobs/queue";
import { workJobs } from "@/server/jobs/work";
import { jobsFor } from "../support/fake-provider";
import { captureLogs } from "../support/logs";

// A queue of this file's own: its worker takes no other file's jobs from the shared database.
const name = `test.echo-${randomUUID()}`;
const ran: string[] = [];
const echoJob = defineJob({
  name,
  payload: z.object({ importId: z.uuid(), fail: z.boolean().optional() }),
  options: { retryLimit: 3, retryDelay: 60, deadLetter: DEAD_LETTERS },
  singletonKey: ({ importId }) => importId,
  work: { pollingIntervalSeconds: 0.5 },
  run: async ({ importId, fail }) => {
    ran.push(importId);
    if (fail) throw new Error("the run failed");
  },
});

let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
  logs = captureLogs("warn");
  await workJobs(await queue(), echoJob);
});

afterAll(async () => {
  logs.stop();
  await stopQueue();
});

async function settled(key: string) {
  for (let i = 0; i < 200; i++) {
    const [job] = await jobsFor(name, key);
    if (job && job.state !== "created" && job.state !== "active") return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${key} never settled`);
}

describe("enqueue", () => {
  it("refuses a payload its job's schema refuses, before anything is queued", async () => {
    await expect(enqueue(sendMessageJob, { messageId: "not-a-uuid" })).rejects.toThrow(/messageId/);
    expect(await jobsFor(sendMessageJob.name, "not-a-uuid")).toEqual([]);
    const conversationId = randomUUID();
    // @ts-expect-error a send job takes a messageId; tsc checks this line, the schema refuses it at run time
    await expect(enqueue(sendMessageJob, { conversationId })).rejects.toThrow(/messageId/);
    expect(
      await db()`select 1 from pgboss.job where name = ${sendMessageJob.name} and data->>'conversationId' = ${conversationId}`,
    ).toHaveLength(0);
  });

  it("queues a valid payload under its singleton key, and the worker runs it", async () => {
    const importId = randomUUID();
    await enqueue(echoJob, { importId });
    expect(await settled(importId)).toMatchObject({ state: "completed", retry_count: 0 });
    expect(ran).toContain(importId);
  });
});

describe("a malformed job in the queue", () => {
  it("fails at once, without the retries its queue allows, goes to the dead letters, and the log names the job", async () => {
    const key = randomUUID();
    // Inserted behind enqueue's back (an old producer, a hand-written job): no import id.
    await (await queue()).send(name, { importId: 42, key }, { singletonKey: key });
    expect(await settled(key)).toMatchObject({ state: "failed", retry_count: 0 });
    expect(ran).not.toContain(42);
    expect(await db()`select 1 from pgboss.job where name = ${DEAD_LETTERS} and data->>'key' = ${key}`).toHaveLength(1);
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({
        job: name,
        msg: "malformed payload: job failed without retry",
        issues: [expect.stringMatching(/^importId: /)],
      }),
    );
  });

  it("a run that throws is retried as its queue says (the contrast)", async () => {
    const importId = randomUUID();
    await enqueue(echoJob, { importId, fail: true });
    expect(await settled(importId)).toMatchObject({ state: "retry" });
    expect(logs.entries()).toContainEqual(expect.objectContaining({ job: name, msg: "job failed; it will be retried" }));
  });
});
