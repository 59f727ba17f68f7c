import type { NormalizedWebhook } from "../events";
import { readMessagesValue } from "./meta";
import { emptyResult, record } from "./shared";

/**
 * 360dialog's legacy On-Premise / sandbox shape: contacts, messages and
 * statuses at the top level, no entry[] and no phone_number_id (the URL
 * token routes it). Same objects as inside Meta's envelope.
 */
export function normalizeOnPremise(body: unknown): NormalizedWebhook {
  const out = emptyResult();
  const root = record(body);
  if (!root) {
    out.ignored.push("body is not an object");
    return out;
  }
  readMessagesValue(root, null, out);
  if (out.events.length === 0 && out.ignored.length === 0) out.ignored.push("no messages or statuses");
  return out;
}
