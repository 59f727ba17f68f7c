import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as contactById from "@/app/api/v1/contacts/[id]/route";
import * as byPhone from "@/app/api/v1/contacts/by-phone/route";
import * as contacts from "@/app/api/v1/contacts/route";
import * as messagesOf from "@/app/api/v1/conversations/[id]/messages/route";
import * as conversations from "@/app/api/v1/conversations/route";
import * as send from "@/app/api/v1/messages/route";
import { asService } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import { apiRequest, createKey, params, read } from "../support/api";
import { createConversation, createTeam, insertMessage } from "../support/fixtures";

let team: Awaited<ReturnType<typeof createTeam>>;
let key: string;
let keyId: string;

interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

beforeAll(async () => {
  team = await createTeam();
  ({ key, id: keyId } = await createKey(team, "write"));
});

afterAll(() => stopQueue());

const get = <T = Record<string, unknown>>(handler: (r: Request) => Promise<Response>, path: string) =>
  read<T>(handler(apiRequest("GET", path, { key })));

async function contactWith(phone: string, workspaceId = team.workspaceId) {
  const [row] = await asService(
    (tx) => tx<{ id: string }[]>`
      insert into public.contacts (workspace_id, phone_e164, wa_id) values (${workspaceId}, ${phone}, ${phone.slice(1)}) returning id`,
  );
  if (!row) throw new Error("no contact");
  return row.id;
}

describe("GET /contacts/by-phone", () => {
  it("finds the one contact from any written form of its number", async () => {
    const cases: [string, string[]][] = [
      ["+6281234567001", ["081234567001", "0812-3456-7001", "+62 812 3456 7001", "6281234567001", "0062 812 3456 7001"]],
      ["+525512345601", ["+5215512345601", "5215512345601", "+52 55 1234 5601"]],
      ["+5511987654301", ["+55 11 8765-4301", "5511987654301"]],
      ["+5491123456701", ["+54 11 2345-6701", "5491123456701"]],
    ];
    for (const [canonical, forms] of cases) {
      const id = await contactWith(canonical);
      for (const form of forms) {
        const { status, body } = await get(byPhone.GET, `/contacts/by-phone?phone=${encodeURIComponent(form)}`);
        expect({ form, status, id: body.id }).toEqual({ form, status: 200, id });
        expect(body.phone).toBe(canonical);
      }
    }
  });

  it("answers 404 for an unknown number and 422 naming the field for something that is no number", async () => {
    expect((await get(byPhone.GET, "/contacts/by-phone?phone=081299990000")).status).toBe(404);
    const invalid = await get<{ error: { message: string; details: { issues: { field: string }[] } } }>(
      byPhone.GET,
      "/contacts/by-phone?phone=hello",
    );
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.message).toMatch(/^query\.phone: /);
    const missing = await get<{ error: { details: { issues: { field: string }[] } } }>(byPhone.GET, "/contacts/by-phone");
    expect(missing.body.error.details.issues[0]?.field).toBe("query.phone");
  });
});

describe("contacts", () => {
  beforeAll(async () => {
    // Custom attributes are the workspace's contact fields, as in the app and the CSV import.
    await asService(
      (tx) => tx`insert into public.contact_fields (workspace_id, key, label, type)
                 values (${team.workspaceId}, 'order', 'Order', 'text'), (${team.workspaceId}, 'city', 'City', 'text'),
                        (${team.workspaceId}, 'orders', 'Orders', 'number')`,
    );
  });

  it("POST twice makes one contact (201, then 200), merging attributes and removing those set to null", async () => {
    const first = await read(
      contacts.POST(
        apiRequest("POST", "/contacts", {
          key,
          body: {
            phone: "0813 5555 0101",
            name: " Siti ",
            tags: ["vip", "VIP "],
            custom_attributes: { order: "A-1", city: "Bandung", orders: "3" },
          },
        }),
      ),
    );
    expect(first.status).toBe(201);
    // Written the way the app writes a contact: tags in lower case once each, typed fields coerced.
    expect(first.body).toMatchObject({
      phone: "+6281355550101",
      name: "Siti",
      tags: ["vip"],
      source: "api",
      custom_attributes: { order: "A-1", city: "Bandung", orders: 3 },
    });
    const again = await read(
      contacts.POST(
        apiRequest("POST", "/contacts", {
          key,
          body: { phone: "+62 813-5555-0101", lead_status: "qualified", custom_attributes: { order: null } },
        }),
      ),
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, name: "Siti", lead_status: "qualified", custom_attributes: { city: "Bandung" } });
    const [{ count } = { count: 0 }] = await asService(
      (tx) => tx<{ count: number }[]>`
        select count(*)::int as count from public.contacts where workspace_id = ${team.workspaceId} and phone_e164 = '+6281355550101'`,
    );
    expect(count).toBe(1);
    // The timeline names the key, not a user (a key has none).
    const events = await asService(
      (tx) =>
        tx`select kind, actor_id, data ->> 'api_key_id' as api_key_id from public.contact_events where contact_id = ${first.body.id as string} order by id`,
    );
    expect(events).toEqual([
      { kind: "created", actor_id: null, api_key_id: keyId },
      expect.objectContaining({ kind: "status_changed", api_key_id: keyId }),
    ]);
  });

  it("POSTs of one new number at the same moment make one contact", async () => {
    const phone = `+62813${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
    const answers = await Promise.all(
      ["Rina", "Rina", "Rina", "Rina"].map((name) =>
        read<{ id: string }>(contacts.POST(apiRequest("POST", "/contacts", { key, body: { phone, name } }))),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
  });

  it("refuses attributes that are not fields of the workspace, or that do not suit the field, naming them", async () => {
    const phone = `+62813${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
    for (const [custom_attributes, field] of [
      [{ shoe_size: "42" }, "body.custom_attributes.shoe_size"],
      [{ orders: "many" }, "body.custom_attributes.orders"],
    ] as const) {
      const refused = await read<{ error: { code: string; details: { issues: { field: string }[] } } }>(
        contacts.POST(apiRequest("POST", "/contacts", { key, body: { phone, custom_attributes } })),
      );
      expect(refused.status).toBe(422);
      expect(refused.body.error.details.issues[0]?.field).toBe(field);
    }
    expect(await asService((tx) => tx`select 1 from public.contacts where phone_e164 = ${phone}`)).toHaveLength(0);
  });

  it("GET and PATCH one contact; invalid input names the field", async () => {
    const id = await contactWith("+6281355550202");
    const patched = await read(
      contactById.PATCH(
        apiRequest("PATCH", `/contacts/${id}`, { key, body: { name: "Budi", tags: ["reseller"], lead_status: "won" } }),
        params({ id }),
      ),
    );
    expect(patched).toMatchObject({ status: 200, body: { id, name: "Budi", tags: ["reseller"], lead_status: "won" } });
    expect((await read(contactById.GET(apiRequest("GET", `/contacts/${id}`, { key }), params({ id })))).body).toMatchObject({
      name: "Budi",
    });
    const invalid = await read<{ error: { code: string; message: string } }>(
      contactById.PATCH(apiRequest("PATCH", `/contacts/${id}`, { key, body: { lead_status: "hot" } }), params({ id })),
    );
    expect(invalid.status).toBe(422);
    expect(invalid.body.error).toMatchObject({ code: "invalid", message: expect.stringMatching(/^body\.lead_status: /) });
    // Creating one with an unknown status is refused too, instead of landing in the first stage.
    const phone = `+62813${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
    const created = await read<{ error: { message: string } }>(
      contacts.POST(apiRequest("POST", "/contacts", { key, body: { phone, lead_status: "hot" } })),
    );
    expect(created.status).toBe(422);
    expect(created.body.error.message).toMatch(/^body\.lead_status: /);
    expect(await asService((tx) => tx`select 1 from public.contacts where phone_e164 = ${phone}`)).toHaveLength(0);
    const badId = await read(contactById.GET(apiRequest("GET", "/contacts/nope", { key }), params({ id: "nope" })));
    expect(badId.status).toBe(422);
  });

  it("lists with a cursor, search by name or typed number, tag, lead status and updated_since", async () => {
    const tag = `t${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { body } = await read<{ id: string }>(
        contacts.POST(
          apiRequest("POST", "/contacts", { key, body: { phone: `+628135555030${i}`, name: `Listed ${tag} ${i}`, tags: [tag] } }),
        ),
      );
      ids.push(body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/contacts?tag=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const { body } = await get<Page<{ id: string }>>(contacts.GET, query);
      expect(body.data.length).toBeLessThanOrEqual(2);
      seen.push(...body.data.map((c) => c.id));
      cursor = body.next_cursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());

    expect(
      (await get<Page<{ id: string }>>(contacts.GET, `/contacts?search=${encodeURIComponent(`${tag} 3`)}`)).body.data.map((c) => c.id),
    ).toEqual([ids[3]]);
    expect((await get<Page<{ id: string }>>(contacts.GET, "/contacts?search=0813-5555-0304")).body.data.map((c) => c.id)).toEqual([ids[4]]);
    await read(
      contactById.PATCH(apiRequest("PATCH", `/contacts/${ids[1]}`, { key, body: { lead_status: "lost" } }), params({ id: ids[1] ?? "" })),
    );
    expect((await get<Page<{ id: string }>>(contacts.GET, `/contacts?tag=${tag}&lead_status=lost`)).body.data.map((c) => c.id)).toEqual([
      ids[1],
    ]);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await get<Page<unknown>>(contacts.GET, `/contacts?updated_since=${future}`)).body.data).toEqual([]);
    expect((await get(contacts.GET, "/contacts?cursor=garbage")).status).toBe(422);
  });
});

describe("conversations and messages", () => {
  it("lists conversations newest first with a cursor and filters, and a thread's messages newest first", async () => {
    // A workspace of its own, so the list holds exactly these conversations.
    const own = await createTeam();
    const { workspaceId } = own;
    const { key: ownKey } = await createKey(own, "read");
    const made: Awaited<ReturnType<typeof createConversation>>[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await createConversation(workspaceId);
      await insertMessage(workspaceId, c.conversationId, {
        direction: "inbound",
        sentAt: new Date(Date.UTC(2026, 10, 1, 10, i)),
        body: `m${i}`,
      });
      made.push(c);
    }
    // The middle one resolved: a list of every status interleaves both.
    await asService((tx) => tx`update public.conversations set status = 'resolved' where id = ${made[1]?.conversationId ?? ""}`);
    const list = (path: string) =>
      read<Page<{ id: string; unread_count: number }>>(conversations.GET(apiRequest("GET", path, { key: ownKey })));

    const first = await list("/conversations?limit=2");
    expect(first.body.data.map((c) => c.id)).toEqual([made[2]?.conversationId, made[1]?.conversationId]);
    const second = await list(`/conversations?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body).toEqual({ data: [expect.objectContaining({ id: made[0]?.conversationId })], next_cursor: null });
    expect((await list("/conversations?status=archived")).body.data.map((c) => c.id)).toEqual([made[1]?.conversationId]);
    expect((await list("/conversations?unread=true&status=active")).body.data).toHaveLength(2);
    expect((await list("/conversations?unread=false")).body.data).toHaveLength(0);
    expect((await list("/conversations?assignee=none")).body.data).toHaveLength(3);
    expect((await list(`/conversations?channel=${made[1]?.channelId}`)).body.data.map((c) => c.id)).toEqual([made[1]?.conversationId]);
    expect((await list("/conversations?unread=maybe")).status).toBe(422);

    const conversationId = made[1]?.conversationId ?? "";
    for (let i = 0; i < 3; i++) {
      await insertMessage(workspaceId, conversationId, {
        direction: "outbound",
        sentAt: new Date(Date.UTC(2026, 10, 1, 11, i)),
        body: `reply${i}`,
      });
    }
    const thread = (cursor?: string) =>
      read<Page<{ body: string; conversation_id: string }>>(
        messagesOf.GET(
          apiRequest("GET", `/conversations/${conversationId}/messages?limit=3${cursor ? `&cursor=${cursor}` : ""}`, { key: ownKey }),
          params({ id: conversationId }),
        ),
      );
    const newest = await thread();
    expect(newest.body.data.map((m) => m.body)).toEqual(["reply2", "reply1", "reply0"]);
    const older = await thread(newest.body.next_cursor ?? "");
    expect(older.body).toEqual({ data: [expect.objectContaining({ body: "m1", conversation_id: conversationId })], next_cursor: null });
  });
});

describe("cross-workspace refusal", () => {
  it("never reads or changes another workspace's rows through any endpoint", async () => {
    const other = await createTeam();
    const theirs = await createConversation(other.workspaceId, { phone: "+6281355559999" });
    await insertMessage(other.workspaceId, theirs.conversationId, { direction: "inbound", sentAt: new Date(), body: "secret" });
    const before = await asService(
      (tx) => tx`select name, tags, lead_status, updated_at from public.contacts where id = ${theirs.contactId}`,
    );

    expect((await get(byPhone.GET, "/contacts/by-phone?phone=%2B6281355559999")).status).toBe(404);
    expect(
      (await read(contactById.GET(apiRequest("GET", `/contacts/${theirs.contactId}`, { key }), params({ id: theirs.contactId })))).status,
    ).toBe(404);
    const patch = await read(
      contactById.PATCH(
        apiRequest("PATCH", `/contacts/${theirs.contactId}`, { key, body: { name: "Hijacked" } }),
        params({ id: theirs.contactId }),
      ),
    );
    expect(patch.status).toBe(404);
    const thread = await read(
      messagesOf.GET(apiRequest("GET", `/conversations/${theirs.conversationId}/messages`, { key }), params({ id: theirs.conversationId })),
    );
    expect(thread.status).toBe(404);
    const listedContacts = await get<Page<{ id: string }>>(contacts.GET, "/contacts?search=6281355559999&limit=100");
    expect(listedContacts.body.data.map((c) => c.id)).not.toContain(theirs.contactId);
    const listedConversations = await get<Page<{ id: string }>>(conversations.GET, `/conversations?channel=${theirs.channelId}`);
    expect(listedConversations.body.data).toEqual([]);
    const sent = await read(
      send.POST(apiRequest("POST", "/messages", { key, body: { contact_id: theirs.contactId, type: "text", text: "hi" } })),
    );
    expect(sent.status).toBe(404);
    // Upserting their number makes a contact in our workspace, never touches theirs.
    const upsert = await read<{ id: string }>(
      contacts.POST(apiRequest("POST", "/contacts", { key, body: { phone: "+6281355559999", name: "Ours" } })),
    );
    expect(upsert.status).toBe(201);
    expect(upsert.body.id).not.toBe(theirs.contactId);

    expect(
      await asService((tx) => tx`select name, tags, lead_status, updated_at from public.contacts where id = ${theirs.contactId}`),
    ).toEqual(before);
    const [count] = await asService(
      (tx) => tx<{ n: number }[]>`select count(*)::int as n from public.messages where workspace_id = ${other.workspaceId}`,
    );
    expect(count?.n).toBe(1);
  });
});
