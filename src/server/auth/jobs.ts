import "server-only";
import { z } from "zod";
import { defineJob } from "@/server/jobs/define";
import { logger } from "@/server/log";
import { pruneAuthRecords } from "./retention";

/** Every night: ended sessions and stale sign-in failures (pruneAuthRecords). */
export const authPruneJob = defineJob({
  name: "auth.prune",
  payload: z.object({}),
  options: { policy: "singleton", retryLimit: 2, retryDelay: 600 },
  schedule: "17 4 * * *",
  run: async () => {
    const deleted = await pruneAuthRecords();
    if (deleted.sessions + deleted.loginAttempts > 0) logger.info(deleted, "deleted ended sessions and stale sign-in failures");
  },
});
