import { describe, expect, it } from "vitest";
import { asService, db } from "@/server/db/client";
import { dueWebhookEvents, MAX_ATTEMPTS, processWebhookEvent, processWebhookEvents } from "@/server/ingest/process-event";
import { receiveWebhook } from "@/server/ingest/receive";
import {
  kapsoMessageReceived,
  metaEcho,
  metaInbound,
  metaInboundText,
  metaStatus,
  newWamid,
  unixSeconds,
} from "../../scripts/webhooks/payloads";
import { createChannel, deliver, deliverAndProcess, type TestChannel } from "../support/webhooks";

const numberOf = (channel: TestChannel) => ({ phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber });

async function messagesOf(channel: TestChannel) {
  return asService(
    (tx) => tx<
      {
        wamid: string;
        type: string;
        body: string | null;
        status: string;
        direction: string;
        contact_id: string;
        error: unknown;
        sender_type: string;
      }[]
    >`
      select m.wamid, m.type, m.body, m.status, m.direction, c.contact_id, m.error, m.sender_type
      from public.messages m join public.conversations c on c.id = m.conversation_id
      where m.workspace_id = ${channel.workspaceId} order by m.sent_at, m.wamid`,
  );
}

async function contactsOf(channel: TestChannel) {
  return asService(
    (tx) => tx<
      {
        id: string;
        phone_e164: string | null;
        wa_id: string | null;
        name: string | null;
        profile_name: string | null;
        last_activity_at: Date;
      }[]
    >`
      select id, phone_e164, wa_id, name, profile_name, last_activity_at from public.contacts
      where workspace_id = ${channel.workspaceId} order by phone_e164`,
  );
}

async function eventRows(channel: TestChannel) {
  return asService(
    (tx) => tx<{ outcome: string; attempts: number; last_error: string | null }[]>`
      select outcome, attempts, last_error from public.webhook_events where workspace_id = ${channel.workspaceId} order by id`,
  );
}

describe("receiving", () => {
  it("stores, answers 200 and processes an inbound text into contact, conversation and message", async () => {
    const channel = await createChannel();
    const wamid = newWamid();
    const { response, outcomes } = await deliverAndProcess(
      channel,
      "meta",
      metaInboundText(numberOf(channel), { from: "6281311112222", name: "Siti", text: "Halo 😊 ñandú", wamid }),
    );
    expect(response.status).toBe(200);
    expect(outcomes).toEqual(["processed"]);
    const [message] = await messagesOf(channel);
    expect(message).toMatchObject({ wamid, type: "text", body: "Halo 😊 ñandú", direction: "inbound", sender_type: "customer" });
    const [contact] = await contactsOf(channel);
    expect(contact).toMatchObject({ phone_e164: "+6281311112222", wa_id: "6281311112222", profile_name: "Siti", name: null });
    const [conversation] = await asService(
      (tx) => tx`select unread_count, last_message_preview from public.conversations where workspace_id = ${channel.workspaceId}`,
    );
    expect(conversation).toMatchObject({ unread_count: 1, last_message_preview: "Halo 😊 ñandú" });
  });

  it("refuses a wrong or missing signature with 401 and logs it", async () => {
    const channel = await createChannel();
    const body = metaInboundText(numberOf(channel), { from: "6281311112223", text: "hi" });
    expect((await deliver(channel, "meta", body, { signature: `sha256=${"0".repeat(64)}` })).status).toBe(401);
    expect((await deliver(channel, "meta", body, { signature: null })).status).toBe(401);
    // A signature over re-serialised JSON is not a signature over the bytes received.
    const reformatted = JSON.stringify(body, null, 2);
    expect((await deliver(channel, "meta", body, { raw: reformatted, signature: `sha256=${"a".repeat(64)}` })).status).toBe(401);
    expect(await messagesOf(channel)).toEqual([]);
    expect((await eventRows(channel)).map((e) => e.outcome)).toEqual(["invalid_signature", "invalid_signature", "invalid_signature"]);
  });

  it("answers malformed JSON with 400 and an oversized body with 413", async () => {
    const channel = await createChannel();
    expect((await deliver(channel, "meta", null, { raw: '{"object": "whatsapp_business_account", "entry": [' })).status).toBe(400);
    const tooLarge = await receiveWebhook({ provider: "meta", rawBody: null, headers: new Headers() });
    expect(tooLarge.status).toBe(413);
  });

  it("keeps an unknown number's event as unroutable and answers 2xx so the provider stops retrying", async () => {
    const response = await receiveWebhook({
      provider: "meta",
      rawBody: new TextEncoder().encode(
        JSON.stringify(
          metaInboundText({ phoneNumberId: "999000999000999", displayPhoneNumber: "1555" }, { from: "15551230000", text: "?" }),
        ),
      ),
      headers: new Headers({ "x-hub-signature-256": `sha256=${"1".repeat(64)}` }),
    });
    expect(response.status).toBe(200);
    expect(response.storedEventIds).toEqual([]);
    const [row] = await asService(
      (tx) => tx`select outcome from public.webhook_events where workspace_id is null order by id desc limit 1`,
    );
    expect(row?.outcome).toBe("unroutable");
  });

  it("authenticates 360dialog by the path token and accepts the legacy On-Premise shape", async () => {
    const channel = await createChannel({ provider: "360dialog" });
    const body = {
      contacts: [{ profile: { name: "Juan" }, wa_id: "5215512345678" }],
      messages: [{ from: "5215512345678", id: newWamid(), timestamp: unixSeconds(), type: "text", text: { body: "Hola" } }],
    };
    expect((await deliver(channel, "360dialog", body, { token: "wrong-token" })).status).toBe(401);
    const { response, outcomes } = await deliverAndProcess(channel, "360dialog", body);
    expect(response.status).toBe(200);
    expect(outcomes).toEqual(["processed"]);
    expect((await contactsOf(channel))[0]?.phone_e164).toBe("+525512345678");
  });

  it("verifies Kapso's signature and stores its v2 message event", async () => {
    const channel = await createChannel({ provider: "kapso" });
    const body = kapsoMessageReceived(numberOf(channel), { from: "573001234567", name: "Camila", text: "¿Tienen envío a Medellín?" });
    expect((await deliver(channel, "kapso", body, { kapsoEvent: "whatsapp.message.received", signature: "deadbeef" })).status).toBe(401);
    const { outcomes } = await deliverAndProcess(channel, "kapso", body, { kapsoEvent: "whatsapp.message.received" });
    expect(outcomes).toEqual(["processed"]);
    const [message] = await messagesOf(channel);
    expect(message?.body).toBe("¿Tienen envío a Medellín?");
    expect((await contactsOf(channel))[0]?.phone_e164).toBe("+573001234567");
  });
});

describe("exactly once", () => {
  it("processes every entry, change and message of a batched payload", async () => {
    const channel = await createChannel();
    const single = (from: string) => metaInboundText(numberOf(channel), { from, text: `from ${from}` });
    const batch = single("6281300000001");
    const entry = batch.entry[0];
    if (!entry) throw new Error("no entry");
    const firstValue = entry.changes[0]?.value as { messages: unknown[]; contacts: unknown[] };
    const extra = single("6281300000002").entry[0]?.changes[0]?.value as { messages: unknown[]; contacts: unknown[] };
    firstValue.messages.push(...extra.messages);
    firstValue.contacts.push(...extra.contacts);
    entry.changes.push(...(single("6281300000003").entry[0]?.changes ?? []));
    batch.entry.push(...single("6281300000004").entry);

    await deliverAndProcess(channel, "meta", batch);
    expect((await messagesOf(channel)).length).toBe(4);
    expect((await contactsOf(channel)).length).toBe(4);
  });

  it("stores one message when the same payload arrives 10 times at once", async () => {
    const channel = await createChannel();
    const body = metaInboundText(numberOf(channel), { from: "6281399990000", text: "once" });
    const responses = await Promise.all(Array.from({ length: 10 }, () => deliver(channel, "meta", body)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const outcomes = await Promise.all(responses.map((r) => processWebhookEvents(r.storedEventIds)));
    expect((await messagesOf(channel)).length).toBe(1);
    expect(outcomes.flat().filter((o) => o === "processed")).toHaveLength(1);
    expect(outcomes.flat().filter((o) => o === "duplicate")).toHaveLength(9);
    const [conversation] = await asService(
      (tx) => tx`select unread_count from public.conversations where workspace_id = ${channel.workspaceId}`,
    );
    expect(conversation?.unread_count).toBe(1);
  });

  it("makes one contact from two first messages of one new number arriving together", async () => {
    const channel = await createChannel();
    await Promise.all(
      ["first", "second"].map((text) =>
        deliverAndProcess(channel, "meta", metaInboundText(numberOf(channel), { from: "6281355550000", text })),
      ),
    );
    expect((await contactsOf(channel)).length).toBe(1);
    expect((await messagesOf(channel)).length).toBe(2);
  });
});

describe("leads by canonical phone", () => {
  it.each([
    ["Indonesia", "ID", ["6281311112222", "6281311112222"], "+6281311112222"],
    ["Colombia", "CO", ["573001234567", "573001234567"], "+573001234567"],
    ["Mexico 521 vs 52", "MX", ["5215512345678", "525512345678"], "+525512345678"],
    ["Brazil with and without the ninth digit", "BR", ["5511987654321", "551187654321"], "+5511987654321"],
    ["Argentina 549 vs 54", "AR", ["5491123456789", "541123456789"], "+5491123456789"],
  ])("%s: both forms are one contact", async (_label, country, [first, second], canonical) => {
    const channel = await createChannel({ defaultCountry: country });
    await deliverAndProcess(channel, "meta", metaInboundText(numberOf(channel), { from: first ?? "", name: "Cliente", text: "uno" }));
    await deliverAndProcess(channel, "meta", metaInboundText(numberOf(channel), { from: second ?? "", name: "Cliente", text: "dos" }));
    const contacts = await contactsOf(channel);
    expect(contacts.map((c) => c.phone_e164)).toEqual([canonical]);
    // The id we reply to stays the one WhatsApp first gave.
    expect(contacts[0]?.wa_id).toBe(first);
  });

  it("never merges different people", async () => {
    const channel = await createChannel();
    for (const from of ["5215512345678", "5215512345679", "551187654321", "551137654321", "6281311112222", "6281311112223"]) {
      await deliverAndProcess(channel, "meta", metaInboundText(numberOf(channel), { from, text: "hi" }));
    }
    expect((await contactsOf(channel)).length).toBe(6);
  });

  it("keeps the name an agent typed and updates the WhatsApp profile name and activity", async () => {
    const channel = await createChannel();
    const t1 = new Date(Date.now() - 60_000);
    await deliverAndProcess(
      channel,
      "meta",
      metaInboundText(numberOf(channel), { from: "6281322223333", name: "sitii", text: "a", at: t1 }),
    );
    await asService((tx) => tx`update public.contacts set name = 'Siti (wholesale)' where workspace_id = ${channel.workspaceId}`);
    await deliverAndProcess(channel, "meta", metaInboundText(numberOf(channel), { from: "6281322223333", name: "Siti R.", text: "b" }));
    const [contact] = await contactsOf(channel);
    expect(contact).toMatchObject({ name: "Siti (wholesale)", profile_name: "Siti R." });
    expect(contact?.last_activity_at.getTime()).toBeGreaterThan(t1.getTime());
  });
});

describe("delivery statuses", () => {
  const orders: [string, ("sent" | "delivered" | "read")[]][] = [
    ["in order", ["sent", "delivered", "read"]],
    ["reversed", ["read", "delivered", "sent"]],
    ["read first", ["read", "sent", "delivered"]],
    ["delivered last", ["sent", "read", "delivered"]],
  ];

  it.each(orders)("end at read when they arrive %s", async (_label, order) => {
    const channel = await createChannel();
    const wamid = newWamid();
    await deliverAndProcess(channel, "meta", metaEcho(numberOf(channel), { to: "6281344445555", text: "Pesanan dikirim", wamid }));
    const base = Date.now() - 10_000;
    const rank = { sent: 0, delivered: 1, read: 2 };
    for (const status of order) {
      await deliverAndProcess(
        channel,
        "meta",
        metaStatus(numberOf(channel), { wamid, status, recipient: "6281344445555", at: new Date(base + rank[status] * 1000) }),
      );
    }
    const [row] = await asService(
      (tx) =>
        tx`select status, delivered_at, read_at, sender_type from public.messages where wamid = ${wamid} and workspace_id = ${channel.workspaceId}`,
    );
    expect(row).toMatchObject({ status: "read", sender_type: "business_app" });
    expect(row?.delivered_at).toEqual(new Date(Math.floor((base + 1000) / 1000) * 1000));
    expect(row?.read_at).toEqual(new Date(Math.floor((base + 2000) / 1000) * 1000));
  });

  it("keeps a failed status final, with Meta's error", async () => {
    const channel = await createChannel();
    const wamid = newWamid();
    await deliverAndProcess(channel, "meta", metaEcho(numberOf(channel), { to: "6281344445556", text: "Promo!", wamid }));
    await deliverAndProcess(channel, "meta", metaStatus(numberOf(channel), { wamid, status: "failed", recipient: "6281344445556" }));
    await deliverAndProcess(channel, "meta", metaStatus(numberOf(channel), { wamid, status: "delivered", recipient: "6281344445556" }));
    const [row] = await asService((tx) => tx`select status, error, failed_at from public.messages where wamid = ${wamid}`);
    expect(row?.status).toBe("failed");
    expect(row?.error).toMatchObject({ code: 131047, title: "Re-engagement message" });
    expect(row?.failed_at).toBeInstanceOf(Date);
  });

  it("applies statuses that arrive before their message once the message appears", async () => {
    const channel = await createChannel();
    const wamid = newWamid();
    await deliverAndProcess(channel, "meta", metaStatus(numberOf(channel), { wamid, status: "delivered", recipient: "6281344445557" }));
    await deliverAndProcess(channel, "meta", metaStatus(numberOf(channel), { wamid, status: "sent", recipient: "6281344445557" }));
    await deliverAndProcess(channel, "meta", metaEcho(numberOf(channel), { to: "6281344445557", text: "late echo", wamid }));
    const [row] = await asService((tx) => tx`select status, delivered_at from public.messages where wamid = ${wamid}`);
    expect(row?.status).toBe("delivered");
    expect(row?.delivered_at).toBeInstanceOf(Date);
  });
});

describe("unusual messages", () => {
  it("stores an unknown message type as unsupported with its raw JSON", async () => {
    const channel = await createChannel();
    const wamid = newWamid();
    const { outcomes } = await deliverAndProcess(
      channel,
      "meta",
      metaInbound(numberOf(channel), { from: "6281366667777", wamid }, { type: "hologram", hologram: { depth: 3 } }),
    );
    expect(outcomes).toEqual(["processed"]);
    const [row] = await asService((tx) => tx`select type, content from public.messages where wamid = ${wamid}`);
    expect(row?.type).toBe("unsupported");
    expect(row?.content).toMatchObject({ type: "hologram", hologram: { depth: 3 } });
  });
});

describe("recovery", () => {
  it("processes an event that was stored but never processed (process killed after the 2xx)", async () => {
    const channel = await createChannel();
    const response = await deliver(channel, "meta", metaInboundText(numberOf(channel), { from: "6281377778888", text: "still here?" }));
    expect(await messagesOf(channel)).toEqual([]);
    // The inline run never happened; once its grace period is over the sweep finds it.
    await asService(
      (tx) => tx`update public.webhook_events set next_attempt_at = now() - interval '1 second' where id = any(${response.storedEventIds})`,
    );
    const due = await dueWebhookEvents(10_000);
    expect(due).toEqual(expect.arrayContaining(response.storedEventIds));
    await processWebhookEvents(response.storedEventIds);
    expect((await messagesOf(channel)).length).toBe(1);
    expect((await eventRows(channel))[0]).toMatchObject({ outcome: "processed", attempts: 1 });
  });

  it("backs off after a failure and declares the event dead after the last attempt", async () => {
    const channel = await createChannel();
    // A database-side failure for this one message body only (other test files share the database).
    await db().unsafe(`
        create or replace function private.test_explode() returns trigger language plpgsql as $$
        begin
          if new.body = 'explode-${channel.id}' then raise exception 'simulated failure'; end if;
          return new;
        end $$;
        create or replace trigger test_explode before insert on public.messages
          for each row execute function private.test_explode();`);
    try {
      const response = await deliver(
        channel,
        "meta",
        metaInboundText(numberOf(channel), { from: "6281377779999", text: `explode-${channel.id}` }),
      );
      const [id] = response.storedEventIds;
      if (id === undefined) throw new Error("not stored");
      expect(await processWebhookEvent(id)).toBe("failed");
      const [row] = await asService(
        (tx) => tx`select outcome, attempts, last_error, next_attempt_at > now() as later from public.webhook_events where id = ${id}`,
      );
      expect(row).toMatchObject({ outcome: "failed", attempts: 1, later: true });
      expect(row?.last_error).toContain("simulated failure");
      // Nothing of the failed attempt was kept.
      expect(await contactsOf(channel)).toEqual([]);

      await asService((tx) => tx`update public.webhook_events set attempts = ${MAX_ATTEMPTS - 1} where id = ${id}`);
      expect(await processWebhookEvent(id)).toBe("dead");
      expect(await dueWebhookEvents(10_000)).not.toContain(id);
    } finally {
      await db().unsafe("drop trigger if exists test_explode on public.messages");
    }
  });
});
