import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { INBOX_PRESETS, type InboxPreset } from "@/lib/conversation-filter";
import { asService, asUser } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { addNote, assignConversation, markAsRead, sendText } from "@/server/inbox/commands";
import { sendOutboundMessage } from "@/server/inbox/delivery";
import {
  type ConversationCursor,
  getConversation,
  listConversations,
  listMessages,
  listPageStatement,
  type ThreadCursor,
  type ThreadMessage,
} from "@/server/inbox/queries";
import { setConversationStatus } from "@/server/inbox/status";
import type { Actor } from "@/server/workspaces/actor";
import { connectChannel, useFakeProvider } from "../support/fake-provider";
import { createTeam, type TestUser, unique } from "../support/fixtures";
import { createChannel, customerWrites, type TestChannel } from "../support/webhooks";

type Team = Awaited<ReturnType<typeof createTeam>>;

const fake = useFakeProvider();

const customerPhone = () => `62812${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;
/** Whole seconds: webhook timestamps have no more precision. */
const secondsAgo = (seconds: number) => new Date((Math.floor(Date.now() / 1000) - seconds) * 1000);
const actorOf = (team: Team, user: TestUser): Actor => ({ workspaceId: team.workspaceId, userId: user.id });

async function list(
  team: Team,
  user: TestUser,
  filter: InboxPreset,
  options: { search?: string; cursor?: ConversationCursor | null; limit?: number } = {},
) {
  return asUser(user.claims, (tx) =>
    listConversations(tx, team.workspaceId, {
      userId: user.id,
      filter: INBOX_PRESETS[filter],
      search: options.search,
      country: "ID",
      cursor: options.cursor,
      limit: options.limit ?? 50,
    }),
  );
}

const ids = async (...args: Parameters<typeof list>) => (await list(...args)).items.map((c) => c.id);

/** Every page of the list, following nextCursor to the end. */
/** Timestamps come back as UTC ISO text with microseconds (cursors must not lose them), here within 2 s of `date`. */
function expectIsoNear(value: string | null | undefined, date: Date) {
  expect(value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  expect(Math.abs(Date.parse(String(value)) - date.getTime())).toBeLessThanOrEqual(2000);
}

async function allPages(team: Team, limit: number) {
  const pages: string[][] = [];
  let cursor: ConversationCursor | null = null;
  for (let guard = 0; guard < 20; guard++) {
    const page = await list(team, team.owner, "all", { cursor, limit });
    pages.push(page.items.map((c) => c.id));
    if (!page.nextCursor) break;
    expect(typeof page.nextCursor.lastMessageAt).toBe("string");
    cursor = page.nextCursor;
  }
  return pages;
}

async function expectedOrder(workspaceId: string) {
  const rows = await asService(
    (tx) => tx<{ id: string }[]>`
      select id from public.conversations
      where workspace_id = ${workspaceId} and status = 'open' and last_message_at is not null
      order by last_message_at desc, last_message_seq desc`,
  );
  return rows.map((r) => r.id);
}

async function teamWithChannel() {
  const team = await createTeam();
  const channel = await createChannel({ provider: "meta", workspaceId: team.workspaceId });
  await connectChannel(fake, channel, "meta");
  return { team, channel };
}

beforeAll(async () => {});

describe("conversation list filters", () => {
  let team: Team;
  let channel: TestChannel;
  const c: Record<"mineUnread" | "readUnassigned" | "adminUnread" | "resolved" | "empty", string> = {
    mineUnread: "",
    readUnassigned: "",
    adminUnread: "",
    resolved: "",
    empty: "",
  };

  beforeAll(async () => {
    ({ team, channel } = await teamWithChannel());
    c.mineUnread = (
      await customerWrites(channel, { from: customerPhone(), name: "Ani", text: "Satu", at: secondsAgo(400) })
    ).conversationId;
    c.readUnassigned = (
      await customerWrites(channel, { from: customerPhone(), name: "Beni", text: "Dua", at: secondsAgo(300) })
    ).conversationId;
    c.adminUnread = (
      await customerWrites(channel, { from: customerPhone(), name: "Cici", text: "Tiga", at: secondsAgo(200) })
    ).conversationId;
    c.resolved = (
      await customerWrites(channel, { from: customerPhone(), name: "Dodi", text: "Empat", at: secondsAgo(100) })
    ).conversationId;
    await asUser(team.agent.claims, async (tx) => {
      const actor = actorOf(team, team.agent);
      await assignConversation(tx, actor, c.mineUnread, team.agent.id);
      await assignConversation(tx, actor, c.adminUnread, team.admin.id);
      await markAsRead(tx, actor, c.readUnassigned);
      await setConversationStatus(tx, actor, c.resolved, { status: "resolved" });
    });
    // A conversation without any message yet is in no list.
    const [contact] = await asService(
      (tx) => tx<{ id: string }[]>`insert into public.contacts (workspace_id, phone_e164, name)
                                   values (${team.workspaceId}, ${`+${customerPhone()}`}, 'Eka') returning id`,
    );
    const [empty] = await asService(
      (tx) => tx<{ id: string }[]>`insert into public.conversations (workspace_id, channel_id, contact_id)
                                   values (${team.workspaceId}, ${channel.id}, ${contact?.id ?? null}) returning id`,
    );
    c.empty = empty?.id ?? "";
  });

  it("all: active conversations with messages, newest first", async () => {
    expect(await ids(team, team.agent, "all")).toEqual([c.adminUnread, c.readUnassigned, c.mineUnread]);
  });

  it("unread, mine, unassigned, resolved", async () => {
    expect(await ids(team, team.agent, "unread")).toEqual([c.adminUnread, c.mineUnread]);
    expect(await ids(team, team.agent, "mine")).toEqual([c.mineUnread]);
    expect(await ids(team, team.admin, "mine")).toEqual([c.adminUnread]);
    expect(await ids(team, team.owner, "mine")).toEqual([]);
    expect(await ids(team, team.agent, "unassigned")).toEqual([c.readUnassigned]);
    expect(await ids(team, team.agent, "resolved")).toEqual([c.resolved]);
    // Open is the default tab; a filter without a status has every status.
    expect(await ids(team, team.agent, "all")).not.toContain(c.resolved);
    const everyStatus = await asUser(team.agent.claims, (tx) =>
      listConversations(tx, team.workspaceId, { userId: team.agent.id, filter: {}, limit: 50 }),
    );
    expect(everyStatus.items.map((item) => item.id)).toContain(c.resolved);
  });

  it("needs human: open conversations the AI assistant handed over, flagged on the row", async () => {
    expect(await ids(team, team.agent, "needs_human")).toEqual([]);
    await asService(
      (tx) => tx`update public.conversations set needs_human = true, needs_human_reason = 'Asked for a person', needs_human_at = now()
                 where id in (${c.readUnassigned}, ${c.resolved})`,
    );
    const page = await list(team, team.agent, "needs_human");
    expect(page.items.map((item) => item.id)).toEqual([c.readUnassigned]);
    expect(page.items[0]).toMatchObject({ needs_human: true });
    await asService(
      (tx) =>
        tx`update public.conversations set needs_human = false, needs_human_reason = null where id in (${c.readUnassigned}, ${c.resolved})`,
    );
  });

  it("returns what a row shows, with dates as ISO strings", async () => {
    const page = await list(team, team.agent, "all");
    const row = page.items.find((item) => item.id === c.adminUnread);
    expect(row).toMatchObject({
      contact_name: "Cici",
      status: "open",
      unread_count: 1,
      is_read: false,
      last_message_preview: "Tiga",
      last_message_direction: "inbound",
      last_message_type: "text",
      assigned_to: team.admin.id,
    });
    expectIsoNear(row?.last_message_at, secondsAgo(200));
    expectIsoNear(row?.last_customer_message_at, secondsAgo(200));
    expect(page.items.find((item) => item.id === c.readUnassigned)).toMatchObject({ unread_count: 0, is_read: true });
    expect(page.nextCursor).toBeNull();
  });

  it("getConversation returns the conversation with its contact, and not_found for an unknown id", async () => {
    const detail = await asUser(team.agent.claims, (tx) => getConversation(tx, team.workspaceId, c.mineUnread));
    expect(detail).toMatchObject({
      id: c.mineUnread,
      channel_id: channel.id,
      channel_provider: "meta",
      contact: { profile_name: "Ani", lead_status: "new", tags: [] },
    });
    const error = await asUser(team.agent.claims, (tx) =>
      getConversation(tx, team.workspaceId, "00000000-0000-4000-8000-00000000abcd"),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "not_found" });
  });
});

describe("keyset pagination", () => {
  it("pages through 7 conversations 3 at a time, every row exactly once and in order (ties on the time: the later arrival first)", async () => {
    const { team, channel } = await teamWithChannel();
    const written: string[] = [];
    const now = Math.floor(Date.now() / 1000);
    for (const seconds of [60, 60, 120, 120, 120, 180, 240]) {
      const at = new Date((now - seconds) * 1000);
      written.push((await customerWrites(channel, { from: customerPhone(), text: "Halo", at })).conversationId);
    }
    const pages = await allPages(team, 3);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(await expectedOrder(team.workspaceId));
    // WhatsApp's whole seconds tie; a random id used to decide, and a new conversation could sort below older ones.
    expect(pages.flat()).toEqual([written[1], written[0], written[4], written[3], written[2], written[5], written[6]]);
    expect(new Set(pages.flat()).size).toBe(7);
  });

  it("pages without losing rows whose last messages fall within one millisecond (Postgres keeps microseconds)", async () => {
    const { team, channel } = await teamWithChannel();
    const conversations: string[] = [];
    for (let i = 0; i < 7; i++) {
      conversations.push((await customerWrites(channel, { from: customerPhone(), text: "Halo", at: secondsAgo(600) })).conversationId);
    }
    // E.g. the business app's echoes or an import written in one transaction: sent_at = now(), to the microsecond.
    await asService(async (tx) => {
      for (const [i, conversationId] of conversations.entries()) {
        await tx`
          insert into public.messages (workspace_id, conversation_id, wamid, direction, type, body, status, sender_type, sent_at)
          values (${team.workspaceId}, ${conversationId}, ${unique("wamid")}, 'outbound', 'text', 'Terima kasih', 'sent',
                  'business_app', date_trunc('milliseconds', now()) + ${i + 1} * interval '1 microsecond')`;
      }
    });
    const pages = await allPages(team, 3);
    expect(pages.flat()).toEqual(await expectedOrder(team.workspaceId));
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
  });
});

describe("the list's plan", () => {
  /** The plan of a first page as an agent (no sequential scans, as on a large workspace where they are out of the question). */
  const firstPagePlan = async () => {
    const team = await createTeam();
    const plan = await asUser(team.agent.claims, async (tx) => {
      await tx`set local enable_seqscan = off`;
      const statement = listPageStatement(tx, team.workspaceId, { userId: team.agent.id, filter: INBOX_PRESETS.all, limit: 30 }, null);
      return tx<{ "QUERY PLAN": string }[]>`explain (costs off) ${statement}`;
    });
    return plan.map((line) => line["QUERY PLAN"]).join("\n");
  };

  it("reads one status in the index's order (no sort of every conversation with that status)", async () => {
    const text = await firstPagePlan();
    expect(text).toMatch(/Index Scan using conversations_inbox_idx/);
    // The one sort left is of a row's labels by name, inside its item.
    expect(text).not.toMatch(/Sort Key: c\.last_message_at/);
  });

  it("builds each row's item inside the statement, not by a function run per row with its own RLS checks", async () => {
    // public.conversation_list_item is inlined (20261208060000); a SET clause or STRICT on it would bring this back.
    expect(await firstPagePlan()).not.toMatch(/Function Scan/);
  });
});

describe("search", () => {
  let team: Team;
  const c = { budi: "", siti: "", andi: "", percent: "" };

  beforeAll(async () => {
    let channel: TestChannel;
    ({ team, channel } = await teamWithChannel());
    c.budi = (
      await customerWrites(channel, { from: "6281312345678", name: "Budi Santoso", text: "Halo", at: secondsAgo(50) })
    ).conversationId;
    c.siti = (
      await customerWrites(channel, { from: "6285712345678", name: "Siti Aminah", text: "Kak, ukuran L masih ada?", at: secondsAgo(40) })
    ).conversationId;
    c.andi = (await customerWrites(channel, { from: "6281198765432", name: "Andi", text: "Ok", at: secondsAgo(30) })).conversationId;
    c.percent = (
      await customerWrites(channel, { from: "6281177776666", name: "Toko 50% Hemat", text: "Pagi", at: secondsAgo(20) })
    ).conversationId;
    await asUser(team.agent.claims, (tx) =>
      addNote(tx, actorOf(team, team.agent), { conversationId: c.andi, idempotencyKey: unique("key"), text: "budi minta diskon" }),
    );
  });

  const search = (text: string, filter: InboxPreset = "all") => ids(team, team.agent, filter, { search: text });

  it("finds by name, case-insensitively, but not by the text of internal notes", async () => {
    expect(await search("budi")).toEqual([c.budi]);
    expect(await search("  BUDI santoso ")).toEqual([c.budi]);
    expect(await search("diskon")).toEqual([]);
  });

  it("finds a phone number typed in the workspace's local format, or international", async () => {
    for (const typed of ["0813-1234-5678", "0813 1234 5678", "081312345678", "+62 813-1234-5678", "6281312345678"]) {
      expect(await search(typed), typed).toEqual([c.budi]);
    }
    expect(await search("98765")).toEqual([c.andi]);
  });

  it("finds by message text", async () => {
    expect(await search("ukuran l")).toEqual([c.siti]);
  });

  it("treats % and _ literally, and combines with the filter", async () => {
    expect(await search("%")).toEqual([c.percent]);
    expect(await search("_")).toEqual([]);
    expect(await search("budi", "resolved")).toEqual([]);
    expect(await search("budi", "unread")).toEqual([c.budi]);
  });

  it("pages through a name many share in the list's order, the filter applied to every match, not only the most recent", async () => {
    const { team, channel } = await teamWithChannel();
    // 15 customers named alike and one whose message names them, oldest first.
    const made: string[] = [];
    for (let i = 0; i < 15; i++) {
      made.push(
        (await customerWrites(channel, { from: customerPhone(), name: `Dewi Rahayu ${i}`, at: secondsAgo(400 - i * 10) })).conversationId,
      );
    }
    made.push(
      (await customerWrites(channel, { from: customerPhone(), name: "Ani", text: "Saya temannya bu Rahayu", at: secondsAgo(200) }))
        .conversationId,
    );
    // A page of 2 ranks the 12 most recent matches: all resolved here, so the open ones come from every match.
    await asService((tx) => tx`update public.conversations set status = 'resolved' where id = any(${made.slice(4)}::uuid[])`);
    const pages = async (filter: InboxPreset) => {
      const found: string[][] = [];
      let cursor: ConversationCursor | null = null;
      for (let guard = 0; guard < 20; guard++) {
        const page = await list(team, team.agent, filter, { search: "rahayu", cursor, limit: 2 });
        found.push(page.items.map((item) => item.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return found;
    };
    expect(await pages("all")).toEqual([made.slice(2, 4).reverse(), made.slice(0, 2).reverse()]);
    const resolved = made.slice(4).reverse();
    expect(await pages("resolved")).toEqual([0, 2, 4, 6, 8, 10].map((i) => resolved.slice(i, i + 2)));
  });
});

describe("thread messages", () => {
  it("pages older messages with a cursor, attaches quoted messages and folds reactions", async () => {
    const { team, channel } = await teamWithChannel();
    const from = customerPhone();
    const m1 = await customerWrites(channel, { from, text: "Halo", at: secondsAgo(600) });
    const m2 = await customerWrites(channel, { from, text: "Ada ukuran L?", at: secondsAgo(590) });
    const m3 = await customerWrites(channel, { from, text: "Warna merah ya", at: secondsAgo(580), replyTo: m1.wamid });
    const m4 = await customerWrites(channel, { from, text: "Oke", at: secondsAgo(570) });
    const reply = await asUser(team.agent.claims, (tx) =>
      sendText(tx, actorOf(team, team.agent), {
        conversationId: m1.conversationId,
        idempotencyKey: unique("key"),
        text: "Ada kak",
        replyToMessageId: m2.messageId,
      }),
    );
    expect(await sendOutboundMessage(reply.id, { finalAttempt: false })).toBe("sent");
    const [sent] = await asService((tx) => tx<{ wamid: string }[]>`select wamid from public.messages where id = ${reply.id}`);
    const react = (target: string, emoji: string, seconds: number) =>
      customerWrites(channel, { from, at: secondsAgo(seconds), message: { type: "reaction", reaction: { message_id: target, emoji } } });
    // The customer changes their reaction to our reply: the latest wins.
    await react(String(sent?.wamid), "👍", 100);
    await react(String(sent?.wamid), "❤️", 90);
    // A reaction to m2, then removed (empty emoji).
    await react(m2.wamid, "😮", 80);
    await react(m2.wamid, "", 70);
    // Our own reaction to m4 (from the business app).
    await asService(
      (tx) => tx`insert into public.messages (workspace_id, conversation_id, wamid, direction, type, body, status, sender_type, sent_at,
                                              target_wamid)
                 values (${team.workspaceId}, ${m1.conversationId}, ${unique("wamid")}, 'outbound', 'reaction', '🙏', 'sent',
                         'business_app', ${secondsAgo(60)}, ${m4.wamid})`,
    );

    const pages: ThreadMessage[][] = [];
    let before: ThreadCursor | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page = await asUser(team.agent.claims, (tx) => listMessages(tx, team.workspaceId, m1.conversationId, { before, limit: 2 }));
      pages.push(page.messages);
      if (!page.olderCursor) break;
      before = page.olderCursor;
    }
    expect(pages.map((p) => p.map((m) => m.id))).toEqual([[m4.messageId, reply.id], [m2.messageId, m3.messageId], [m1.messageId]]);
    const byId = new Map(pages.flat().map((m) => [m.id, m]));
    expect(byId.get(m3.messageId)?.quoted).toEqual({ id: m1.messageId, body: "Halo", type: "text", direction: "inbound" });
    expect(byId.get(reply.id)?.quoted).toEqual({ id: m2.messageId, body: "Ada ukuran L?", type: "text", direction: "inbound" });
    expect(byId.get(m1.messageId)?.quoted).toBeNull();
    expect(byId.get(reply.id)?.reactions).toEqual([{ emoji: "❤️", direction: "inbound" }]);
    expect(byId.get(m2.messageId)?.reactions).toEqual([]);
    expect(byId.get(m4.messageId)?.reactions).toEqual([{ emoji: "🙏", direction: "outbound" }]);
    expectIsoNear(byId.get(m1.messageId)?.sent_at, secondsAgo(600));
    expect(pages.flat().some((m) => m.type === "reaction")).toBe(false);
  });

  it("a reaction changed within the same second (WhatsApp's timestamps have whole seconds): the one received last wins", async () => {
    const { team, channel } = await teamWithChannel();
    const from = customerPhone();
    const target = await customerWrites(channel, { from, text: "Totalnya 150rb ya", at: secondsAgo(120) });
    const at = secondsAgo(60);
    // The customer reacts and takes the reaction back in the same second. The row ids are fixed here only to make the
    // outcome deterministic: with random ids the result would be a coin flip.
    for (const [id, emoji] of [
      [`f${randomUUID().slice(1)}`, "😮"],
      [`0${randomUUID().slice(1)}`, null],
    ] as const) {
      await asService(
        (tx) => tx`insert into public.messages (id, workspace_id, conversation_id, wamid, direction, type, body, status, sender_type,
                                                sent_at, target_wamid)
                   values (${id}, ${team.workspaceId}, ${target.conversationId}, ${unique("wamid")}, 'inbound', 'reaction', ${emoji},
                           'delivered', 'customer', ${at}, ${target.wamid})`,
      );
    }
    const thread = await asUser(team.agent.claims, (tx) => listMessages(tx, team.workspaceId, target.conversationId, { limit: 10 }));
    expect(thread.messages.find((m) => m.id === target.messageId)?.reactions).toEqual([]);
  });

  it("pages a thread without losing messages written within one millisecond", async () => {
    const { team, channel } = await teamWithChannel();
    const first = await customerWrites(channel, { from: customerPhone(), text: "Halo", at: secondsAgo(600) });
    await asService(async (tx) => {
      for (let i = 0; i < 4; i++) {
        await tx`
          insert into public.messages (workspace_id, conversation_id, wamid, direction, type, body, status, sender_type, sent_at)
          values (${team.workspaceId}, ${first.conversationId}, ${unique("wamid")}, 'outbound', 'text', ${`Balasan ${i}`}, 'sent',
                  'business_app', date_trunc('milliseconds', now()) + ${i + 1} * interval '1 microsecond')`;
      }
    });
    const seen: string[] = [];
    let before: ThreadCursor | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page = await asUser(team.agent.claims, (tx) => listMessages(tx, team.workspaceId, first.conversationId, { before, limit: 2 }));
      seen.unshift(...page.messages.map((m) => m.body ?? ""));
      if (!page.olderCursor) break;
      before = page.olderCursor;
    }
    expect(seen).toEqual(["Halo", "Balasan 0", "Balasan 1", "Balasan 2", "Balasan 3"]);
  });
});

describe("the list row's last message state", () => {
  it("carries our last message's real state (pending, sent, failed), not a note's, and none when the customer wrote last", async () => {
    const { team, channel } = await teamWithChannel();
    const { conversationId } = await customerWrites(channel, { from: customerPhone(), text: "Halo", at: secondsAgo(60) });
    const rowState = async () => (await list(team, team.agent, "all")).items.find((c) => c.id === conversationId)?.last_message_status;
    expect(await rowState()).toBeNull();

    const reply = await asUser(team.agent.claims, (tx) =>
      sendText(tx, actorOf(team, team.agent), { conversationId, idempotencyKey: unique("key"), text: "Siap kak" }),
    );
    expect(await rowState()).toBe("pending");
    // A note written after it is not the last message: the row still shows the reply's state.
    await asUser(team.agent.claims, (tx) =>
      addNote(tx, actorOf(team, team.agent), { conversationId, idempotencyKey: unique("note"), text: "VIP" }),
    );
    expect(await sendOutboundMessage(reply.id, { finalAttempt: false })).toBe("sent");
    expect(await rowState()).toBe("sent");
    await asService((tx) => tx`update public.messages set status = 'failed' where id = ${reply.id}`);
    expect(await rowState()).toBe("failed");
  });

  // The state is kept on the conversation by the message triggers (20261208060000); these check that it follows the
  // message the row shows whatever order the writes come in.
  async function conversationWithState() {
    const { team, channel } = await teamWithChannel();
    const { conversationId } = await customerWrites(channel, { from: customerPhone(), text: "Halo", at: secondsAgo(600) });
    const rowState = async () => (await list(team, team.agent, "all")).items.find((c) => c.id === conversationId)?.last_message_status;
    const write = async (message: { direction?: "inbound" | "outbound"; type?: string; status: string; at: Date }) => {
      const id = randomUUID();
      const direction = message.direction ?? "outbound";
      await asService(
        (
          tx,
        ) => tx`insert into public.messages (id, workspace_id, conversation_id, wamid, direction, type, body, status, sender_type, sent_at)
                   values (${id}, ${team.workspaceId}, ${conversationId}, ${unique("wamid")}, ${direction}, ${message.type ?? "text"},
                           'Siap kak', ${message.status}, ${direction === "inbound" ? "customer" : "business_app"}, ${message.at})`,
      );
      return id;
    };
    const setStatus = (id: string, status: string) => asService((tx) => tx`update public.messages set status = ${status} where id = ${id}`);
    return { rowState, write, setStatus };
  }

  it("takes a status only from the row's own message: late statuses of older messages and of a late-arriving older one change nothing", async () => {
    const { rowState, write, setStatus } = await conversationWithState();
    const older = await write({ status: "sent", at: secondsAgo(60) });
    const newer = await write({ status: "sent", at: secondsAgo(30) });
    await setStatus(older, "read");
    expect(await rowState()).toBe("sent");
    await setStatus(newer, "delivered");
    expect(await rowState()).toBe("delivered");
    // Stored after the newer one but sent before it (a webhook arriving late): not the row's message.
    const late = await write({ status: "failed", at: secondsAgo(45) });
    expect(await rowState()).toBe("delivered");
    await setStatus(late, "read");
    expect(await rowState()).toBe("delivered");
    await setStatus(newer, "read");
    expect(await rowState()).toBe("read");
    // The customer writes: no state on the row, and our earlier message's statuses do not bring one back.
    const answer = await write({ direction: "inbound", status: "delivered", at: secondsAgo(10) });
    expect(await rowState()).toBeNull();
    await setStatus(newer, "failed");
    await setStatus(answer, "read");
    expect(await rowState()).toBeNull();
  });

  it("is not moved by a reaction or a note written after our message, nor by their statuses", async () => {
    const { rowState, write, setStatus } = await conversationWithState();
    const reply = await write({ status: "sent", at: secondsAgo(60) });
    const reaction = await write({ type: "reaction", status: "pending", at: secondsAgo(30) });
    const note = await write({ type: "note", status: "pending", at: secondsAgo(20) });
    expect(await rowState()).toBe("sent");
    await setStatus(reaction, "failed");
    await setStatus(note, "read");
    expect(await rowState()).toBe("sent");
    await setStatus(reply, "delivered");
    expect(await rowState()).toBe("delivered");
  });

  it("shows the newest remaining message's state when the row's message is deleted (a provider's echo of our own send)", async () => {
    const { rowState, write, setStatus } = await conversationWithState();
    const ours = await write({ status: "sent", at: secondsAgo(60) });
    const echo = await write({ status: "delivered", at: secondsAgo(59) });
    expect(await rowState()).toBe("delivered");
    await asService((tx) => tx`delete from public.messages where id = ${echo}`);
    expect(await rowState()).toBe("sent");
    await setStatus(ours, "read");
    expect(await rowState()).toBe("read");
  });
});
