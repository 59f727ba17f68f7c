import type { NormalizedWebhook, Provider } from "../events";
import { normalizeKapso } from "./kapso";
import { normalizeMetaEnvelope } from "./meta";
import { normalizeOnPremise } from "./onprem";

/** Any provider's webhook body → the events of events.ts. Never throws. */
export function normalizeWebhook(provider: Provider, body: unknown, headers: { event?: string | null }): NormalizedWebhook {
  try {
    switch (provider) {
      case "meta":
        return normalizeMetaEnvelope(body);
      case "360dialog":
        return Array.isArray((body as { entry?: unknown } | null)?.entry) ? normalizeMetaEnvelope(body) : normalizeOnPremise(body);
      case "kapso":
        return normalizeKapso(body, headers.event ?? null);
    }
  } catch (error) {
    // A shape no reader foresaw: keep the raw event (already stored), report it, never 500.
    return { events: [], phoneNumberIds: [], ignored: [`unreadable body: ${error instanceof Error ? error.message : String(error)}`] };
  }
}
