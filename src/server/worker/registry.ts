import "server-only";
import { aiReplyJob } from "@/server/ai/jobs";
import { authPruneJob } from "@/server/auth/jobs";
import { broadcastRunJob, broadcastTickJob } from "@/server/broadcasts/run";
import { contactImportJob } from "@/server/contacts/imports";
import { assignmentSweepJob } from "@/server/inbox/assignment";
import { readReceiptJob, sendMessageJob } from "@/server/inbox/jobs";
import { wakeSnoozedJob } from "@/server/inbox/status";
import { webhookEventsPruneJob } from "@/server/ingest/webhook-retention";
import type { JobDefinition } from "@/server/jobs/define";
import { webhookDeliveryJob, webhookPruneJob } from "@/server/outhooks/jobs";
import { presenceSweepJob } from "@/server/teams/availability";
import { mediaFetchJob } from "@/server/whatsapp/media/jobs";
import { messagingLimitJob } from "@/server/whatsapp/sending/jobs";
import { templateSyncJob } from "@/server/whatsapp/templates/jobs";
import { recoveryJob } from "./recovery";

/**
 * Every job the worker runs: the one place that knows them all. Capabilities
 * define their jobs beside their code and import only the queue plumbing
 * (src/server/jobs); this folder is the composition root that imports the
 * capabilities, so no capability and no plumbing imports it back.
 */
export const JOBS: readonly JobDefinition[] = [
  recoveryJob,
  mediaFetchJob,
  sendMessageJob,
  readReceiptJob,
  templateSyncJob,
  aiReplyJob,
  webhookDeliveryJob,
  webhookPruneJob,
  webhookEventsPruneJob,
  contactImportJob,
  authPruneJob,
  wakeSnoozedJob,
  presenceSweepJob,
  assignmentSweepJob,
  broadcastRunJob,
  broadcastTickJob,
  messagingLimitJob,
];
