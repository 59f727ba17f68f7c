import type { NormalizedWebhook } from "../events";
import { providerAdapter } from "../providers";

/** Any provider's webhook body → the events of events.ts, through its adapter. Never throws. */
export function normalizeWebhook(provider: string, body: unknown, headers: { event?: string | null }): NormalizedWebhook {
  try {
    return providerAdapter(provider).normalize(body, { event: headers.event ?? null });
  } catch (error) {
    // A shape no reader foresaw: keep the raw event (already stored), report it, never 500.
    return { events: [], phoneNumberIds: [], ignored: [`unreadable body: ${error instanceof Error ? error.message : String(error)}`] };
  }
}
