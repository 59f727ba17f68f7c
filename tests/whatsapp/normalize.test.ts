import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MessageEvent, StatusEvent, WebhookEvent } from "@/server/whatsapp/events";
import { normalizeWebhook } from "@/server/whatsapp/normalize";
import type { Provider } from "@/server/whatsapp/providers";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/webhooks");
const load = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8"));
const providerOf = (name: string): Provider => (name.startsWith("kapso/") ? "kapso" : name.startsWith("360dialog/") ? "360dialog" : "meta");
const read = (name: string, event: string | null = null) => normalizeWebhook(providerOf(name), load(name), { event });
const messages = (events: WebhookEvent[]) => events.filter((e): e is MessageEvent => e.kind === "message");
const statuses = (events: WebhookEvent[]) => events.filter((e): e is StatusEvent => e.kind === "status");
const only = (events: WebhookEvent[]) => {
  const [first] = messages(events);
  if (!first) throw new Error("no message event");
  return first;
};

describe("Meta message types", () => {
  it.each([
    ["meta/text.json", "text", "Does it come in another color?"],
    ["meta/image.json", "image", null],
    ["meta/video.json", "video", null],
    ["meta/audio-voice.json", "audio", null],
    ["meta/document.json", "document", null],
    ["meta/sticker-animated.json", "sticker", null],
    ["meta/location.json", "location", null],
    ["meta/contacts.json", "contacts", null],
    ["meta/interactive-button-reply.json", "interactive", null],
    ["meta/interactive-list-reply.json", "interactive", null],
    ["meta/button-template-quick-reply.json", "button", null],
    ["meta/order.json", "order", "Order of 2 item(s)"],
    ["meta/system-user-changed-number.json", "system", null],
    ["meta/pywa-unsupported-poll.json", "unsupported", null],
    ["meta/pywa-unsupported-no-subtype.json", "unsupported", null],
    ["meta/pywa-request-welcome-chat-opened.json", "unsupported", null],
    ["meta/unsupported-edit-131051.json", "unsupported", null],
    ["meta/pywa-interactive-missing-body-value-errors-131000.json", "unsupported", null],
  ])("%s → %s", (name, type, body) => {
    const { events, phoneNumberIds } = read(name);
    const message = only(events);
    expect(message.type).toBe(type);
    expect(message.direction).toBe("inbound");
    expect(message.senderType).toBe("customer");
    expect(message.timestamp).toBeInstanceOf(Date);
    expect(phoneNumberIds.length).toBeGreaterThan(0);
    if (body) expect(message.body).toBe(body);
  });

  it("reads media fields, captions and the voice flag", () => {
    const image = only(read("meta/image.json").events);
    expect(image.media).toMatchObject({ mimeType: "image/jpeg" });
    expect(image.media?.id).toBeTruthy();
    expect(image.body).toBe(image.media?.caption ?? null);
    expect(only(read("meta/audio-voice.json").events).media).toMatchObject({ voice: true, mimeType: "audio/ogg; codecs=opus" });
    expect(only(read("meta/document.json").events).media?.filename).toBeTruthy();
    expect(only(read("meta/sticker-animated.json").events).media).toMatchObject({ animated: true, mimeType: "image/webp" });
  });

  it("reads interactive replies and quick-reply buttons as their titles", () => {
    expect(only(read("meta/interactive-button-reply.json").events).body).toBeTruthy();
    expect(only(read("meta/interactive-list-reply.json").events).body).toBeTruthy();
    expect(only(read("meta/button-template-quick-reply.json").events).body).toBeTruthy();
  });

  it("keeps reply context, forwarding and referrals", () => {
    expect(only(read("meta/pywa-text-reply-context.json").events).replyToWamid).toBeTruthy();
    expect(only(read("meta/pywa-text-frequently-forwarded.json").events).isForwarded).toBe(true);
    const ad = only(read("meta/text-ctwa-ad-referral.json").events);
    expect(ad.type).toBe("text");
    expect(ad.content.referral).toBeTruthy();
  });

  it("attaches reactions to their target and reads removals as a null emoji", () => {
    const reaction = only(read("meta/pywa-reaction.json").events);
    expect(reaction.type).toBe("reaction");
    expect(reaction.reaction?.targetWamid).toBeTruthy();
    expect(reaction.reaction?.emoji).toBeTruthy();
    expect(only(read("meta/pywa-reaction-removed-empty-emoji.json").events).reaction?.emoji).toBeNull();
    expect(only(read("meta/pywa-reaction-removed-no-emoji-key.json").events).reaction?.emoji).toBeNull();
  });

  it("keeps message-level and value-level errors", () => {
    expect(only(read("meta/unsupported-edit-131051.json").events).errors[0]?.code).toBe(131051);
    const withValueErrors = read("meta/pywa-interactive-missing-body-value-errors-131000.json").events;
    expect(withValueErrors.some((e) => e.kind === "error" && e.errors[0]?.code === 131000)).toBe(true);
    const rateLimit = read("meta/value-errors-130429-rate-limit.json").events;
    expect(rateLimit).toEqual([expect.objectContaining({ kind: "error", errors: [expect.objectContaining({ code: 130429 })] })]);
  });

  it("reads business-scoped user ids", () => {
    const reaction = only(read("meta/pywa-reaction-bsuid-user-id.json").events);
    expect(reaction.customer.businessUserId).toBeTruthy();
    expect(reaction.customer.parentUserId).toBeTruthy();
  });

  it("turns system messages into contact changes too", () => {
    const events = read("meta/system-user-changed-number.json").events;
    expect(events.find((e) => e.kind === "contact_change")).toMatchObject({ change: "user_changed_number" });
    expect(read("meta/pywa-system-customer-identity-changed.json").events.find((e) => e.kind === "contact_change")).toMatchObject({
      change: "customer_identity_changed",
    });
  });
});

describe("Meta statuses, coexistence and templates", () => {
  it.each([
    ["meta/status-delivered-cbp.json", "delivered"],
    ["meta/status-sent-marketing-pmp.json", "sent"],
    ["meta/status-sent-v24-no-conversation-no-pricing.json", "sent"],
    ["meta/status-failed-131049.json", "failed"],
    ["meta/pywa-status-failed-130472.json", "failed"],
    ["meta/pywa-status-played.json", "played"],
    ["meta/pywa-status-read-group-bsuid.json", "read"],
    ["meta/pywa-status-sent-biz-opaque-callback-data.json", "sent"],
  ])("%s → %s", (name, status) => {
    const [event] = statuses(read(name).events);
    expect(event?.status).toBe(status);
    if (status === "failed") expect(event?.errors[0]?.code).toBeGreaterThan(0);
  });

  it("keeps pricing and conversation data of a status", () => {
    expect(statuses(read("meta/status-delivered-cbp.json").events)[0]?.extra).toHaveProperty("pricing");
    expect(statuses(read("meta/pywa-status-sent-biz-opaque-callback-data.json").events)[0]?.extra).toHaveProperty(
      "biz_opaque_callback_data",
    );
  });

  it("reads echoes from the business app as outbound messages to the customer", () => {
    const echo = only(read("meta/smb-message-echo-text.json").events);
    expect(echo).toMatchObject({ direction: "outbound", senderType: "business_app", type: "text" });
    expect(echo.customer.waId).toBeTruthy();
    expect(only(read("meta/pywa-smb-echo-bsuid-to-user-id.json").events).customer.businessUserId).toBe("<BSUID>");
  });

  it("imports history without notifications, in both directions, with its status", () => {
    const history = messages(read("meta/history-sync-chunk.json").events);
    expect(history).toHaveLength(4);
    expect(history.every((m) => m.isHistorical)).toBe(true);
    expect(history.filter((m) => m.direction === "outbound")).toHaveLength(3);
    expect(history.find((m) => m.direction === "inbound")?.body).toBe("Thanks!");
    expect(history[0]).toMatchObject({ senderType: "business_app", status: "read" });
  });

  it("reads edits and revokes as changes to the original message", () => {
    expect(read("meta/edit-image-caption.json").events).toEqual([
      expect.objectContaining({ kind: "edit", body: "Updated image caption", targetWamid: expect.stringMatching(/^wamid\./) }),
    ]);
    expect(read("meta/revoke.json").events).toEqual([
      expect.objectContaining({ kind: "revoke", targetWamid: expect.stringMatching(/^wamid\./) }),
    ]);
  });

  it("reads template review results", () => {
    expect(read("meta/template-status-approved.json").events).toEqual([
      expect.objectContaining({ kind: "template_status", status: "APPROVED" }),
    ]);
    const rejected = read("meta/template-status-rejected-invalid-format.json").events[0];
    expect(rejected).toMatchObject({ kind: "template_status", status: "REJECTED", templateId: "1689556908129835" });
    expect(rejected?.kind === "template_status" && rejected.reason).toContain("parameters");
  });

  it("reads every message, status and change of batched payloads, and ignores calls", () => {
    const batch = read("meta/kapso-sdk-test-batch-3-messages-status-call.json");
    expect(messages(batch.events)).toHaveLength(3);
    expect(statuses(batch.events).length).toBeGreaterThan(0);
    expect(batch.ignored).toContain("calls");
    const multi = read("meta/kapso-sdk-test-multi-field-changes.json");
    expect(multi.events.length).toBeGreaterThan(2);
    expect(multi.ignored.some((reason) => reason.startsWith("field "))).toBe(true);
  });
});

describe("360dialog On-Premise shape", () => {
  it.each([
    ["360dialog/onprem-legacy-text.json", "text"],
    ["360dialog/onprem-legacy-image.json", "image"],
    ["360dialog/onprem-legacy-interactive-button-reply.json", "interactive"],
    ["360dialog/onprem-legacy-template-button.json", "button"],
  ])("%s → %s without a phone_number_id", (name, type) => {
    const { events, phoneNumberIds } = read(name);
    expect(only(events).type).toBe(type);
    expect(phoneNumberIds).toEqual([]);
  });

  it("reads sandbox statuses", () => {
    expect(statuses(read("360dialog/sandbox-status-read-onprem-format.json").events)[0]?.status).toBe("read");
  });
});

describe("Kapso", () => {
  it("reads a received message with its conversation", () => {
    const message = only(read("kapso/message-received-text.json", "whatsapp.message.received").events);
    expect(message).toMatchObject({
      direction: "inbound",
      body: "Hello",
      providerConversationId: "conv_123",
      phoneNumberId: "123456789012345",
    });
    expect(message.customer).toMatchObject({ waId: "15551234567", profileName: "John Doe" });
  });

  it.each([
    ["kapso/message-sent.json", "whatsapp.message.sent", "sent"],
    ["kapso/message-delivered.json", "whatsapp.message.delivered", "delivered"],
    ["kapso/message-failed-131047.json", "whatsapp.message.failed", "failed"],
  ])("%s: an outbound message with its status history", (name, event, status) => {
    const { events } = read(name, event);
    expect(only(events)).toMatchObject({ direction: "outbound", senderType: "api", status });
    expect(statuses(events).length).toBeGreaterThan(0);
    if (status === "failed") expect(statuses(events).find((s) => s.status === "failed")?.errors[0]?.code).toBe(131047);
  });

  it("takes the event name from the body when the header is missing", () => {
    expect(only(read("kapso/chat-sdk-adapter-test-message-received.json").events).customer.waId).toBe("15551234567");
  });

  it("reads batches item by item", () => {
    const batch = read("kapso/batch-message-received-first-item-only.json");
    expect(only(batch.events).body).toBe("First in batch");
    // Items without timestamps or customers are reported, not thrown.
    expect(read("kapso/hermes-plugin-test-batch-two-items.json").events).toHaveLength(2);
  });

  it("uses Kapso's media URL and transcript", () => {
    const image = only(read("kapso/fragment-message-image-media.json", "whatsapp.message.received").events);
    expect(image.media).toMatchObject({ url: "https://api.kapso.ai/media/...", filename: "photo.jpg", mimeType: "image/jpeg" });
    const audio = only(read("kapso/fragment-message-audio-transcript.json", "whatsapp.message.received").events);
    expect(audio.body).toBe("Hello, I need help with my order");
  });

  it.each(["kapso/conversation-created.json", "kapso/conversation-ended.json", "kapso/conversation-inactive.json"])("%s", (name) => {
    const event = name.includes("created")
      ? "whatsapp.conversation.created"
      : name.includes("ended")
        ? "whatsapp.conversation.ended"
        : "whatsapp.conversation.inactive";
    expect(read(name, event).events).toEqual([
      expect.objectContaining({ kind: "conversation", providerConversationId: expect.any(String) }),
    ]);
  });

  it("ignores project events", () => {
    const { events, ignored } = read("kapso/project-whatsapp-phone-number-created.json", "whatsapp.phone_number.created");
    expect(events).toEqual([]);
    expect(ignored.length).toBeGreaterThan(0);
  });
});

describe("never throws", () => {
  const providers: Provider[] = ["meta", "360dialog", "kapso"];

  it("for any JSON value", () => {
    fc.assert(
      fc.property(fc.constantFrom(...providers), fc.jsonValue(), fc.option(fc.string()), (provider, body, event) => {
        const result = normalizeWebhook(provider, body, { event });
        expect(Array.isArray(result.events)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("for real payloads with parts deleted or replaced", () => {
    const names = [
      "meta/kapso-sdk-test-multi-field-changes.json",
      "meta/history-sync-chunk.json",
      "kapso/message-failed-131047.json",
      "360dialog/onprem-legacy-image.json",
      "meta/status-failed-131049.json",
    ];
    const mutate = (value: unknown, path: number[], replacement: unknown): unknown => {
      if (path.length === 0 || typeof value !== "object" || value === null) return replacement;
      const keys = Object.keys(value);
      if (keys.length === 0) return replacement;
      const key = keys[(path[0] ?? 0) % keys.length] as string;
      const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...value };
      copy[key] = mutate((value as Record<string, unknown>)[key], path.slice(1), replacement);
      return copy;
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        fc.jsonValue(),
        (name, route, replacement) => {
          const body = mutate(load(name), route, replacement);
          expect(() => normalizeWebhook(providerOf(name), body, { event: null })).not.toThrow();
        },
      ),
      { numRuns: 1000 },
    );
  });
});
