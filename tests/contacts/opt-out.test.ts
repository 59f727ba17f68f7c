import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_OPT_OUT_KEYWORDS, normalizeKeyword } from "@/lib/opt-out";
import { createContact } from "@/server/contacts/commands";
import { getContactOptOut, getOptOutKeywords, setContactOptOut, updateOptOutKeywords } from "@/server/contacts/opt-out";
import { asService, asUser } from "@/server/db/client";
import { applyEvents } from "@/server/ingest/apply-events";
import { processWebhookEvents } from "@/server/ingest/process-event";
import { createSubscription } from "@/server/outhooks/subscriptions";
import type { MessageEvent } from "@/server/whatsapp/events";
import { metaInbound, newWamid } from "../../scripts/webhooks/payloads";
import { createTeam } from "../support/fixtures";
import { createChannel, customerWrites, deliver, type TestChannel } from "../support/webhooks";
import { actorIn, eventsOf, expectAppError, indonesianMobile } from "./support";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let other: Team;
let channel: TestChannel;

beforeAll(async () => {
  team = await createTeam();
  other = await createTeam();
  channel = await createChannel({ provider: "meta", workspaceId: team.workspaceId });
  await asUser(team.admin.claims, (tx) =>
    createSubscription(
      tx,
      { workspaceId: team.workspaceId, userId: team.admin.id },
      { url: "https://hooks.example.com/opt-out", events: ["contact.opted_out", "contact.opted_in"] },
    ),
  );
});

async function optOutOf(contactId: string) {
  const [row] = await asService(
    (tx) => tx<{ opted_out_at: Date | null; opted_out_source: string | null; opted_out_reason: string | null }[]>`
      select opted_out_at, opted_out_source, opted_out_reason from public.contacts where id = ${contactId}`,
  );
  return row;
}

async function outboxOf(contactId: string) {
  return asService(
    (tx) => tx<{ type: string; changes: Record<string, unknown> }[]>`
      select type, changes from public.webhook_outbox where entity_id = ${contactId} and type like 'contact.opted%' order by seq`,
  );
}

/** A new customer writes `text`; returns their contact's id. */
async function customerSays(text: string, at = new Date()) {
  return (await customerWrites(channel, { from: indonesianMobile(), text, at })).contactId;
}

/** A new customer taps a template's quick-reply button. */
async function customerTaps(button: { text: string; payload: string }) {
  const { contactId } = await customerWrites(channel, { from: indonesianMobile(), message: { type: "button", button } });
  return contactId;
}

describe("stop words from customers", () => {
  it("the default stop words of English, Indonesian, Spanish and Portuguese opt out, in any case, with accents or punctuation", async () => {
    for (const text of ["STOP", "stop", " Stop! ", "Unsubscribe", "berhenti", "Baja", "cancelar", "Parar.", "SAIR", "Cancelár", "párar"]) {
      const contactId = await customerSays(text);
      expect(await optOutOf(contactId), text).toMatchObject({ opted_out_source: "keyword", opted_out_reason: text.trim() });
      expect((await optOutOf(contactId))?.opted_out_at).toBeInstanceOf(Date);
    }
  });

  it("a stop word inside a sentence, or another short reply, opts nobody out", async () => {
    for (const text of ["stop by tomorrow", "Can you stop the order?", "STOPPED", "ok", "berhenti dulu ya kak"]) {
      const contactId = await customerSays(text);
      expect(await optOutOf(contactId), text).toMatchObject({ opted_out_at: null, opted_out_source: null });
    }
  });

  it("is stored with the message, leaves a timeline event and a contact.opted_out webhook event, once", async () => {
    const from = indonesianMobile();
    const at = new Date(Date.now() - 60_000);
    const { contactId, messageId } = await customerWrites(channel, { from, text: "STOP", at });
    expect(messageId).toBeTruthy();
    expect((await optOutOf(contactId))?.opted_out_at?.getTime()).toBe(Math.floor(at.getTime() / 1000) * 1000);
    // A second stop word and another message later change nothing: it started with the first.
    await customerWrites(channel, { from, text: "stop" });
    await customerWrites(channel, { from, text: "Halo, masih buka?" });
    expect((await optOutOf(contactId))?.opted_out_at?.getTime()).toBe(Math.floor(at.getTime() / 1000) * 1000);
    expect((await eventsOf(contactId)).filter((e) => e.kind.startsWith("opted"))).toEqual([
      { kind: "opted_out", actor_id: null, data: { source: "keyword", reason: "STOP" } },
    ]);
    const outbox = await outboxOf(contactId);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ type: "contact.opted_out", changes: { source: "keyword", reason: "STOP" } });
  });

  it("a batch of webhooks opts out exactly the senders of stop words", async () => {
    const senders = [indonesianMobile(), indonesianMobile(), indonesianMobile()];
    const texts = ["Harga?", "BERHENTI", "stop please no"];
    const ids: number[] = [];
    for (const [i, from] of senders.entries()) {
      const body = metaInbound(
        { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber, wabaId: channel.wabaId },
        { from, wamid: newWamid() },
        { type: "text", text: { body: texts[i] } },
      );
      ids.push(...(await deliver(channel, "meta", body)).storedEventIds);
    }
    expect(await processWebhookEvents(ids)).toEqual(["processed", "processed", "processed"]);
    const rows = await asService(
      (tx) => tx<{ phone_e164: string; opted_out: boolean }[]>`
        select phone_e164, opted_out_at is not null as opted_out from public.contacts
        where workspace_id = ${team.workspaceId} and phone_e164 = any(${senders.map((s) => `+${s}`)})`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.phone_e164, r.opted_out]))).toEqual({
      [`+${senders[0]}`]: false,
      [`+${senders[1]}`]: true,
      [`+${senders[2]}`]: false,
    });
  });

  it("the one-event path (what a failed batch falls back to) opts out the same way", async () => {
    const from = indonesianMobile();
    const event: MessageEvent = {
      kind: "message",
      phoneNumberId: channel.phoneNumberId,
      direction: "inbound",
      senderType: "customer",
      wamid: newWamid(),
      timestamp: new Date(),
      customer: { waId: from, businessUserId: null, parentUserId: null, username: null, profileName: "Ana" },
      type: "text",
      body: "Baja",
      content: { type: "text", text: { body: "Baja" } },
      media: null,
      replyToWamid: null,
      isForwarded: false,
      isHistorical: false,
      reaction: null,
      errors: [],
      status: null,
      providerConversationId: null,
    };
    const routed = { id: channel.id, workspaceId: team.workspaceId, phoneNumberId: channel.phoneNumberId, wabaId: channel.wabaId };
    await asService((tx) => applyEvents(tx, routed, [event]));
    // History and the business's own messages never opt anyone out.
    await asService((tx) =>
      applyEvents(tx, routed, [
        { ...event, wamid: newWamid(), customer: { ...event.customer, waId: indonesianMobile() }, isHistorical: true },
      ]),
    );
    const rows = await asService(
      (tx) => tx<{ phone_e164: string; opted_out_source: string | null }[]>`
        select phone_e164, opted_out_source from public.contacts where workspace_id = ${team.workspaceId} and profile_name = 'Ana'
        order by phone_e164 = ${`+${from}`} desc`,
    );
    expect(rows.map((r) => r.opted_out_source)).toEqual(["keyword", null]);
  });

  it("a template's opt-out button: Meta's marketing opt-out, or a payload with a stop word; other buttons do not", async () => {
    const meta = await customerTaps({ text: "Stop promotions", payload: "Stop promotions" });
    expect(await optOutOf(meta)).toMatchObject({ opted_out_source: "button", opted_out_reason: "Stop promotions" });
    const payload = await customerTaps({ text: "No more offers", payload: "STOP_PROMO" });
    expect(await optOutOf(payload)).toMatchObject({ opted_out_source: "button", opted_out_reason: "No more offers" });
    const interested = await customerTaps({ text: "I'm interested", payload: "INTERESTED" });
    expect(await optOutOf(interested)).toMatchObject({ opted_out_at: null });
  });
});

describe("the workspace's stop words", () => {
  it("a new workspace starts with every language's defaults", async () => {
    const keywords = await asUser(team.agent.claims, (tx) => getOptOutKeywords(tx, team.workspaceId));
    expect([...keywords].sort()).toEqual([...DEFAULT_OPT_OUT_KEYWORDS].sort());
  });

  it("admins change them (stored normalised, audited); the new words count, removed ones no longer do", async () => {
    const ownTeam = await createTeam();
    const own = await createChannel({ provider: "meta", workspaceId: ownTeam.workspaceId });
    const saved = await asUser(ownTeam.admin.claims, (tx) =>
      updateOptOutKeywords(tx, actorIn(own.workspaceId, ownTeam.admin), [" basta ", "Basta", "", "Não quero"]),
    );
    expect(saved).toEqual(["BASTA", "NAO QUERO"]);
    const [audit] = await asService(
      (tx) => tx<{ action: string; details: unknown }[]>`
        select action, details from public.audit_log where workspace_id = ${own.workspaceId} and action = 'workspace.opt_out_keywords_updated'`,
    );
    expect(audit?.details).toEqual({ from: DEFAULT_OPT_OUT_KEYWORDS, to: ["BASTA", "NAO QUERO"] });

    const says = async (text: string) => (await customerWrites(own, { from: indonesianMobile(), text })).contactId;
    expect((await optOutOf(await says("basta!")))?.opted_out_source).toBe("keyword");
    expect((await optOutOf(await says("não quero")))?.opted_out_source).toBe("keyword");
    expect((await optOutOf(await says("STOP")))?.opted_out_source).toBeNull();
  });

  it("a workspace keeping the defaults also recognises its language's words; one whose admin changed them, only theirs", async () => {
    /** A customer of a new workspace in `locale` writes `text`: opted out or not. */
    const optsOut = async (locale: string, text: string, keywords?: string[]) => {
      const ownTeam = await createTeam();
      await asService((tx) => tx`update public.workspaces set default_locale = ${locale} where id = ${ownTeam.workspaceId}`);
      const own = await createChannel({ provider: "meta", workspaceId: ownTeam.workspaceId });
      if (keywords) await asUser(ownTeam.admin.claims, (tx) => updateOptOutKeywords(tx, actorIn(own.workspaceId, ownTeam.admin), keywords));
      const { contactId } = await customerWrites(own, { from: indonesianMobile(), text });
      return (await optOutOf(contactId))?.opted_out_source === "keyword";
    };
    expect(await optsOut("es", "¡Alto!")).toBe(true);
    expect(await optsOut("en", "Alto")).toBe(false);
    expect(await optsOut("pt-BR", "alto")).toBe(false);
    expect(await optsOut("es", "alto", ["BASTA"])).toBe(false);
    // Every word recognised before languages counted still is, whatever the language.
    for (const [locale, text] of [
      ["es", "Unsubscribe"],
      ["pt-BR", "berhenti"],
      ["id", "Baja"],
      ["en", "Sair"],
    ])
      expect(await optsOut(locale as string, text as string), `${locale}: ${text}`).toBe(true);
  });

  it("agents cannot change them", async () => {
    await expectAppError(
      asUser(team.agent.claims, (tx) => updateOptOutKeywords(tx, actorIn(team.workspaceId, team.agent), ["NOPE"])),
      "forbidden",
    );
    expect(await asUser(team.agent.claims, (tx) => getOptOutKeywords(tx, team.workspaceId))).toContain("STOP");
  });

  it("normalises like the comparison does", () => {
    expect(normalizeKeyword("  ¡Cancelár!  ")).toBe("CANCELAR");
    expect(normalizeKeyword("stop_promotions")).toBe("STOP PROMOTIONS");
  });
});

describe("admins set and reverse an opt-out", () => {
  it("an admin opts a contact back in: audited, a timeline event and a contact.opted_in webhook event", async () => {
    const contactId = await customerSays("STOP");
    const result = await asUser(team.admin.claims, (tx) =>
      setContactOptOut(tx, actorIn(team.workspaceId, team.admin), contactId, { optedOut: false }),
    );
    expect(result).toEqual({ changed: true });
    expect(await optOutOf(contactId)).toEqual({ opted_out_at: null, opted_out_source: null, opted_out_reason: null });
    const events = (await eventsOf(contactId)).filter((e) => e.kind.startsWith("opted"));
    expect(events.map((e) => [e.kind, e.actor_id])).toEqual([
      ["opted_out", null],
      ["opted_in", team.admin.id],
    ]);
    expect((await outboxOf(contactId)).map((e) => e.type)).toEqual(["contact.opted_out", "contact.opted_in"]);
    const [audit] = await asService(
      (tx) => tx<{ action: string; actor_id: string; target_id: string }[]>`
        select action, actor_id, target_id from public.audit_log where workspace_id = ${team.workspaceId} and target_id = ${contactId}`,
    );
    expect(audit).toEqual({ action: "contact.opted_in", actor_id: team.admin.id, target_id: contactId });
    // Nothing to change the second time: no second entry.
    expect(
      await asUser(team.admin.claims, (tx) => setContactOptOut(tx, actorIn(team.workspaceId, team.admin), contactId, { optedOut: false })),
    ).toEqual({ changed: false });
  });

  it("an admin opts a contact out by hand, with a note", async () => {
    const { id } = await asUser(team.agent.claims, (tx) =>
      createContact(tx, actorIn(team.workspaceId, team.agent), { phone: `+${indonesianMobile()}` }),
    );
    await asUser(team.admin.claims, (tx) =>
      setContactOptOut(tx, actorIn(team.workspaceId, team.admin), id, { optedOut: true, reason: "Asked by phone" }),
    );
    const shown = await asUser(team.agent.claims, (tx) => getContactOptOut(tx, team.workspaceId, id));
    expect(shown).toMatchObject({ opted_out_source: "admin", opted_out_reason: "Asked by phone" });
    expect(shown.opted_out_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it("an agent cannot reverse it, neither through the app nor by writing the row", async () => {
    const contactId = await customerSays("STOP");
    await expectAppError(
      asUser(team.agent.claims, (tx) => setContactOptOut(tx, actorIn(team.workspaceId, team.agent), contactId, { optedOut: false })),
      "forbidden",
    );
    // RLS lets agents edit contacts; the guard keeps the opt-out columns to admins.
    const raw = await asUser(team.agent.claims, (tx) => tx`update public.contacts set opted_out_at = null where id = ${contactId}`).then(
      () => null,
      (error: { code?: string }) => error.code,
    );
    expect(raw).toBe("CV403");
    // Editing anything else still works for them.
    await asUser(team.agent.claims, (tx) => tx`update public.contacts set notes = 'called' where id = ${contactId}`);
    expect((await optOutOf(contactId))?.opted_out_source).toBe("keyword");
  });

  it("another workspace's admin cannot see or change it", async () => {
    const contactId = await customerSays("STOP");
    await expectAppError(
      asUser(other.admin.claims, (tx) => setContactOptOut(tx, actorIn(other.workspaceId, other.admin), contactId, { optedOut: false })),
      "not_found",
    );
    await expectAppError(
      asUser(other.admin.claims, (tx) => getContactOptOut(tx, team.workspaceId, contactId)),
      "not_found",
    );
    expect((await optOutOf(contactId))?.opted_out_source).toBe("keyword");
  });
});
