import "server-only";
import postgres from "postgres";
import { directDatabaseUrl } from "@/server/env";

/** What the database announces when a member's notifications change (migration 20261207060000): whose, and how. */
export interface NotificationSignal {
  op: "insert" | "update" | "resync";
}

type Listener = (signal: NotificationSignal) => void;

const globalForLive = globalThis as unknown as {
  conversaNotifications?: { listeners: Map<string, Set<Listener>>; started: Promise<void> | null };
};

function state() {
  globalForLive.conversaNotifications ??= { listeners: new Map(), started: null };
  return globalForLive.conversaNotifications;
}

const key = (userId: string, workspaceId: string) => `${userId}:${workspaceId}`;

/**
 * One LISTEN on `conversa_notifications` per server process, fanned out to
 * the member's open tabs. Its own channel rather than the workspace's change
 * stream: a notification concerns one member, and the workspace stream
 * reaches every member's tabs. A lost connection is relistened by
 * postgres.js; the tabs are told to resync then.
 */
function start(s: ReturnType<typeof state>): Promise<void> {
  s.started ??= (async () => {
    const sql = postgres(directDatabaseUrl(), { max: 1, onnotice: () => {}, connection: { application_name: "conversa-notifications" } });
    let listening = false;
    await sql.listen(
      "conversa_notifications",
      (payload) => {
        let event: { user_id: string; workspace_id: string; op: "insert" | "update" };
        try {
          event = JSON.parse(payload);
        } catch {
          return;
        }
        for (const listener of s.listeners.get(key(event.user_id, event.workspace_id)) ?? []) listener({ op: event.op });
      },
      () => {
        if (listening) for (const set of s.listeners.values()) for (const listener of set) listener({ op: "resync" });
        listening = true;
      },
    );
  })().catch((error) => {
    s.started = null;
    throw error;
  });
  return s.started;
}

/** Calls `listener` whenever the member's notifications in the workspace change, until the returned function is called. */
export async function subscribeNotifications(userId: string, workspaceId: string, listener: Listener): Promise<() => void> {
  const s = state();
  await start(s);
  const k = key(userId, workspaceId);
  const set = s.listeners.get(k) ?? new Set<Listener>();
  set.add(listener);
  s.listeners.set(k, set);
  return () => {
    set.delete(listener);
    if (set.size === 0) s.listeners.delete(k);
  };
}
