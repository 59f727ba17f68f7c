import "server-only";
import postgres from "postgres";
import type { UserClaims } from "@/server/db/claims";
import { asService, asUser } from "@/server/db/client";
import { directDatabaseUrl } from "@/server/env";
import { readActivity } from "@/server/inbox/activity";
import { readListItems, readThreadMessages } from "@/server/inbox/queries";
import { logger } from "@/server/log";
import { type LiveEvent, maySee, type Viewer } from "./live-events";

/** What the database announces on every change (ids only: NOTIFY payloads are capped at 8 kB). */
interface ChangeNotice {
  topic: string;
  table: "messages" | "conversations" | "contacts" | "conversation_activity" | "access";
  op?: "insert" | "update" | "delete";
  id?: string;
  conversation_id?: string | null;
  /** A conversation's assignment before this change (reassigned or deleted). */
  was?: { assigned_to: string | null; team_id: string | null };
}

type Assignment = { assigned_to: string | null; team_id: string | null };

interface Subscriber {
  claims: UserClaims;
  viewer: Viewer;
  deliver: (event: LiveEvent) => void;
  /** The member left the workspace: the stream ends. */
  close: () => void;
}

/** What changed in one workspace since the last flush: ids, coalesced per conversation. */
interface Pending {
  conversations: Set<string>;
  /** Assignments conversations had before this tick's changes, for "gone". */
  was: Map<string, Assignment[]>;
  deleted: Map<string, Assignment>;
  messages: Set<string>;
  activity: Set<string>;
  contacts: Set<string>;
  access: boolean;
}

interface Hub {
  subscribers: Map<string, Set<Subscriber>>;
  pending: Map<string, Pending>;
  flushing: boolean;
  scheduled: boolean;
  started: Promise<void> | null;
}

const globalForHub = globalThis as unknown as { conversaRealtime?: Hub };

function hub(): Hub {
  globalForHub.conversaRealtime ??= { subscribers: new Map(), pending: new Map(), flushing: false, scheduled: false, started: null };
  return globalForHub.conversaRealtime;
}

export const workspaceTopic = (workspaceId: string) => `workspace:${workspaceId}`;
const topicWorkspace = (topic: string) => topic.slice("workspace:".length);

/** The viewer's rules in a workspace, asked of the database as the user (the same helpers RLS uses); null if not a member. */
async function loadViewer(claims: UserClaims, workspaceId: string): Promise<Viewer | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ member: boolean; sees_all: boolean; teams: string[] }[]>`
      select private.is_member(${workspaceId}) as member,
             ${workspaceId}::uuid in (select private.all_conversations_workspaces()) as sees_all,
             array(select private.my_teams())::text[] as teams`,
  );
  if (!row?.member) return null;
  return { userId: claims.sub, seesAll: row.sees_all, teams: new Set(row.teams) };
}

function pendingFor(h: Hub, workspaceId: string): Pending {
  let p = h.pending.get(workspaceId);
  if (!p) {
    p = {
      conversations: new Set(),
      was: new Map(),
      deleted: new Map(),
      messages: new Set(),
      activity: new Set(),
      contacts: new Set(),
      access: false,
    };
    h.pending.set(workspaceId, p);
  }
  return p;
}

/** Adds a notice to its workspace's pending changes (only workspaces someone here is watching). */
function collect(h: Hub, notice: ChangeNotice) {
  const workspaceId = topicWorkspace(notice.topic);
  if (!h.subscribers.has(workspaceId)) return;
  const p = pendingFor(h, workspaceId);
  const conversationId = notice.conversation_id ?? null;
  switch (notice.table) {
    case "access":
      p.access = true;
      break;
    case "conversations":
      if (!notice.id) break;
      if (notice.op === "delete" && notice.was) {
        p.deleted.set(notice.id, notice.was);
        p.conversations.delete(notice.id);
        break;
      }
      p.conversations.add(notice.id);
      if (notice.was) p.was.set(notice.id, [...(p.was.get(notice.id) ?? []), notice.was]);
      break;
    case "contacts":
      if (notice.id && notice.op !== "delete") p.contacts.add(notice.id);
      break;
    case "messages":
      if (notice.id && conversationId) {
        p.messages.add(notice.id);
        p.conversations.add(conversationId);
      }
      break;
    case "conversation_activity":
      if (notice.id && conversationId) {
        p.activity.add(notice.id);
        p.conversations.add(conversationId);
      }
      break;
  }
  schedule(h);
}

/** Subscribers served between two yields to the event loop during a flush's fan-out. */
const DELIVERY_CHUNK = 20;

/** Flushes on the next turn of the event loop: the notices of one transaction arrive together and become one read. */
function schedule(h: Hub) {
  if (h.scheduled || h.flushing) return;
  h.scheduled = true;
  setImmediate(() => {
    h.scheduled = false;
    void flush(h);
  });
}

/** One flush at a time: what arrives meanwhile waits for the next, coalesced (the busier, the larger the batch). */
async function flush(h: Hub) {
  h.flushing = true;
  const batch = h.pending;
  h.pending = new Map();
  for (const [workspaceId, p] of batch) {
    try {
      await flushWorkspace(h, workspaceId, p);
    } catch (error) {
      // The changes are lost to these tabs: they refetch.
      logger.error({ err: error, workspaceId }, "realtime: reading changed rows failed");
      for (const s of h.subscribers.get(workspaceId) ?? []) s.deliver({ kind: "resync" });
    }
  }
  h.flushing = false;
  if (h.pending.size) schedule(h);
}

async function flushWorkspace(h: Hub, workspaceId: string, p: Pending) {
  const subscribers = h.subscribers.get(workspaceId);
  if (!subscribers?.size) return;
  if (p.access) {
    // Who may see what changed: each viewer's rules again, then everything again.
    for (const s of [...subscribers]) {
      const viewer = await loadViewer(s.claims, workspaceId).catch(() => null);
      if (!viewer) {
        s.close();
        continue;
      }
      s.viewer = viewer;
      s.deliver({ kind: "resync" });
    }
    return;
  }
  const { items, assignments, messages, activity } = await asService(async (tx) => {
    const contactConversations = p.contacts.size
      ? await tx<{ id: string }[]>`
          select id from public.conversations where workspace_id = ${workspaceId} and contact_id = any(${[...p.contacts]}::uuid[])`
      : [];
    const ids = [...new Set([...p.conversations, ...contactConversations.map((c) => c.id)])];
    // Sent together on the transaction's connection (postgres.js pipelines them): one round trip, not four.
    const [assignments, items, messages, activity] = await Promise.all([
      // Assignments of every touched conversation (a conversation without a message yet has no list item).
      ids.length
        ? tx<(Assignment & { id: string })[]>`
            select id, assigned_to, team_id from public.conversations where workspace_id = ${workspaceId} and id = any(${ids}::uuid[])`
        : [],
      ids.length ? readListItems(tx, workspaceId, ids) : [],
      p.messages.size ? readThreadMessages(tx, workspaceId, [...p.messages]) : [],
      p.activity.size ? readActivity(tx, workspaceId, [...p.activity]) : [],
    ]);
    return { items: items.map((r) => r.item), assignments: new Map(assignments.map((a) => [a.id, a])), messages, activity };
  });

  // Each event is made once and the same object goes to every subscriber who may see it (the stream serialises it once).
  const gone = (id: string) => ({ kind: "gone", id }) as const;
  const contacts = [...p.contacts].map((id) => ({ kind: "contact", id }) as const);
  const conversations = items.map((item) => ({ kind: "conversation", conversation: item }) as const);
  const threadMessages = messages.map((m) => ({ kind: "message", ...m }) as const);
  const lines = activity.map((line) => ({ kind: "activity", line }) as const);
  const deleted = [...p.deleted].map(([id, was]) => ({ was, event: gone(id) }));
  const moved = [...p.was].map(([id, before]) => ({ id, before, event: gone(id) }));

  for (const [i, s] of [...subscribers].entries()) {
    // A long fan-out gives the event loop back now and then, so webhook acks do not wait behind every stream.
    if (i > 0 && i % DELIVERY_CHUNK === 0) await new Promise((resolve) => setImmediate(resolve));
    const sees = (conversationId: string) => {
      const a = assignments.get(conversationId);
      return a !== undefined && maySee(s.viewer, a);
    };
    for (const { was, event } of deleted) if (maySee(s.viewer, was)) s.deliver(event);
    for (const { id, before, event } of moved) {
      if (!sees(id) && before.some((a) => maySee(s.viewer, a))) s.deliver(event);
    }
    for (const event of contacts) s.deliver(event);
    for (const event of conversations) if (maySee(s.viewer, event.conversation)) s.deliver(event);
    for (const event of threadMessages) if (sees(event.conversationId)) s.deliver(event);
    for (const event of lines) if (sees(event.line.conversation_id)) s.deliver(event);
  }
}

/**
 * One LISTEN connection per server process (DESIGN 6). postgres.js
 * re-listens after a lost connection; notifications sent meanwhile are
 * gone, so every subscriber is told to resync when the listen comes back.
 */
function start(h: Hub): Promise<void> {
  h.started ??= (async () => {
    const sql = postgres(directDatabaseUrl(), { max: 1, onnotice: () => {}, connection: { application_name: "conversa-realtime" } });
    let listening = false;
    await sql.listen(
      "conversa_changes",
      (payload) => {
        let notice: ChangeNotice;
        try {
          notice = JSON.parse(payload) as ChangeNotice;
        } catch {
          return;
        }
        collect(h, notice);
      },
      () => {
        if (listening) for (const set of h.subscribers.values()) for (const s of set) s.deliver({ kind: "resync" });
        listening = true;
      },
    );
  })().catch((error) => {
    h.started = null;
    throw error;
  });
  return h.started;
}

/**
 * Delivers to `deliver` every change of the workspace that this member may
 * see, as rows, until the returned function is called; `close` is called
 * when they stop being a member. Null when they are not a member.
 */
export async function subscribe(
  claims: UserClaims,
  workspaceId: string,
  deliver: (event: LiveEvent) => void,
  close: () => void,
): Promise<(() => void) | null> {
  const h = hub();
  await start(h);
  const viewer = await loadViewer(claims, workspaceId);
  if (!viewer) return null;
  const subscriber: Subscriber = { claims, viewer, deliver, close };
  const set = h.subscribers.get(workspaceId) ?? new Set<Subscriber>();
  set.add(subscriber);
  h.subscribers.set(workspaceId, set);
  return () => {
    set.delete(subscriber);
    if (set.size === 0) h.subscribers.delete(workspaceId);
  };
}
