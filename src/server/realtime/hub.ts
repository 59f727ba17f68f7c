import "server-only";
import postgres from "postgres";
import { directDatabaseUrl } from "@/server/env";

/** What the database announces on every change of a message, conversation, contact or new activity line (ids only). */
export interface ChangeEvent {
  topic: string;
  table: "messages" | "conversations" | "contacts" | "conversation_activity";
  op: "insert" | "update" | "delete";
  id: string;
  conversation_id: string | null;
}

type Listener = (event: ChangeEvent | { resync: true }) => void;

interface Hub {
  listeners: Map<string, Set<Listener>>;
  started: Promise<void> | null;
}

const globalForHub = globalThis as unknown as { conversaRealtime?: Hub };

function hub(): Hub {
  globalForHub.conversaRealtime ??= { listeners: new Map(), started: null };
  return globalForHub.conversaRealtime;
}

/**
 * One LISTEN connection per server process (DESIGN 6), fanned out by
 * topic to the browsers connected here. postgres.js re-listens after a lost
 * connection; notifications sent meanwhile are gone, so every listener is
 * told to resync (refetch) when the listen comes back.
 */
function start(h: Hub): Promise<void> {
  h.started ??= (async () => {
    const sql = postgres(directDatabaseUrl(), { max: 1, onnotice: () => {}, connection: { application_name: "conversa-realtime" } });
    let listening = false;
    await sql.listen(
      "conversa_changes",
      (payload) => {
        let event: ChangeEvent;
        try {
          event = JSON.parse(payload) as ChangeEvent;
        } catch {
          return;
        }
        for (const listener of h.listeners.get(event.topic) ?? []) listener(event);
      },
      () => {
        if (listening) for (const set of h.listeners.values()) for (const listener of set) listener({ resync: true });
        listening = true;
      },
    );
  })().catch((error) => {
    h.started = null;
    throw error;
  });
  return h.started;
}

export const workspaceTopic = (workspaceId: string) => `workspace:${workspaceId}`;

/** Calls `listener` for every change in the workspace until the returned function is called. */
export async function subscribe(workspaceId: string, listener: Listener): Promise<() => void> {
  const h = hub();
  await start(h);
  const topic = workspaceTopic(workspaceId);
  const set = h.listeners.get(topic) ?? new Set<Listener>();
  set.add(listener);
  h.listeners.set(topic, set);
  return () => {
    set.delete(listener);
    if (set.size === 0) h.listeners.delete(topic);
  };
}
