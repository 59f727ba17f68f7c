"use client";

import { useEffect, useRef, useSyncExternalStore } from "react";
import { getRealtimeAccess } from "@/app/actions/realtime";
import type { ConversationListItem } from "@/server/inbox/queries";
import type { LiveEvent } from "@/server/realtime/live-events";

/**
 * What listeners get: the changed rows themselves (a conversation's list
 * item, a thread message, an activity line), "gone" when a conversation
 * left what this member may see, and `resync` when changes may have been
 * missed (first connection, reconnect, a gap in the stream's sequence).
 */
export type WorkspaceEvent = LiveEvent;
type Emit = (event: WorkspaceEvent) => void;
/** "offline": the browser says the network is gone; "reconnecting": the stream dropped and is being opened again. */
export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "offline";
type SetStatus = (status: ConnectionStatus) => void;
type RealtimeAccess = NonNullable<Extract<Awaited<ReturnType<typeof getRealtimeAccess>>, { ok: true }>["data"]>;

const MAX_BACKOFF_MS = 30_000;

/**
 * Server-Sent Events from /api/realtime, reconnecting with exponential
 * backoff, and at once when the network comes back or the tab is shown
 * again (a backoff of up to 30 s must not outlast the outage it waited out).
 * Returns the unsubscribe.
 */
function subscribeSse(emit: Emit, setStatus: SetStatus): () => void {
  let source: EventSource | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let stopped = false;

  const connect = () => {
    clearTimeout(retryTimer);
    source?.close();
    source = new EventSource("/api/realtime");
    // Events are numbered from 1 per connection: a gap means one was lost, and what is shown may be wrong.
    let seq = 0;
    source.addEventListener("ready", () => {
      seq = 0;
      emit({ kind: "resync" });
      setStatus("live");
      failures = 0;
    });
    const onEvent = (message: Event) => {
      let event: LiveEvent & { seq: number };
      try {
        event = JSON.parse((message as MessageEvent<string>).data) as LiveEvent & { seq: number };
      } catch {
        emit({ kind: "resync" });
        return;
      }
      const gap = event.seq !== seq + 1;
      seq = event.seq;
      emit(gap ? { kind: "resync" } : event);
    };
    source.addEventListener("live", onEvent);
    source.addEventListener("resync", onEvent);
    source.onerror = () => {
      source?.close();
      if (stopped) return;
      setStatus(navigator.onLine ? "reconnecting" : "offline");
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures) * (0.5 + Math.random() / 2);
      failures += 1;
      retryTimer = setTimeout(connect, delay);
    };
  };
  const reconnectNow = () => {
    if (stopped) return;
    failures = 0;
    setStatus("reconnecting");
    connect();
  };
  // A stream that looks open across an outage may be a dead socket: after one, always open a fresh one (and resync).
  const onOnline = reconnectNow;
  const onOffline = () => setStatus("offline");
  const onVisible = () => document.visibilityState === "visible" && source?.readyState !== EventSource.OPEN && reconnectNow();
  window.addEventListener("online", onOnline);
  window.addEventListener("offline", onOffline);
  document.addEventListener("visibilitychange", onVisible);
  connect();
  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    source?.close();
    window.removeEventListener("online", onOnline);
    window.removeEventListener("offline", onOffline);
    document.removeEventListener("visibilitychange", onVisible);
  };
}

/**
 * Supabase Realtime: the private broadcast topics this member may join (the
 * database triggers publish there; Realtime admits by RLS: the workspace's
 * topic for those who see every conversation, else their own, their
 * teams' and the unassigned one). The client rejoins by itself after a
 * drop; every join is a resync. The access token is renewed a minute
 * before it expires.
 */
function subscribeSupabase(access: RealtimeAccess, emit: Emit, setStatus: SetStatus): () => void {
  let stopped = false;
  let cleanup = () => {};
  void import("@supabase/supabase-js").then(({ createClient }) => {
    if (stopped) return;
    const client = createClient(access.url, access.key, { auth: { persistSession: false, autoRefreshToken: false } });
    let renewTimer: ReturnType<typeof setTimeout> | undefined;
    const renewBefore = (expiresAt: number) => {
      renewTimer = setTimeout(renew, Math.max(5_000, (expiresAt - 60) * 1000 - Date.now()));
    };
    const renew = async () => {
      const next = await getRealtimeAccess({}).catch(() => null);
      if (stopped) return;
      if (next?.ok && next.data) {
        await client.realtime.setAuth(next.data.accessToken);
        renewBefore(next.data.expiresAt);
      } else {
        renewTimer = setTimeout(renew, 30_000);
      }
    };
    void client.realtime.setAuth(access.accessToken);
    renewBefore(access.expiresAt);
    const channels = access.topics.map((topic) =>
      client
        .channel(topic, { config: { private: true } })
        .on("broadcast", { event: "conversation" }, ({ payload }) => {
          const { conversation, gone } = payload as { conversation?: ConversationListItem; gone?: string };
          if (conversation) emit({ kind: "conversation", conversation });
          else if (gone) emit({ kind: "gone", id: gone });
        })
        // A message or activity line by id: the thread showing that conversation reads it.
        .on("broadcast", { event: "change" }, ({ payload }) =>
          emit({ kind: "touched", conversationId: (payload as { conversation_id: string }).conversation_id }),
        )
        .subscribe((status) => {
          if (status === "SUBSCRIBED") {
            emit({ kind: "resync" });
            setStatus("live");
          } else setStatus(navigator.onLine ? "reconnecting" : "offline");
        }),
    );
    cleanup = () => {
      clearTimeout(renewTimer);
      for (const channel of channels) void client.removeChannel(channel);
    };
  });
  return () => {
    stopped = true;
    cleanup();
  };
}

let accessAsked: Promise<RealtimeAccess | null> | null = null;

/**
 * How this page load receives live updates, asked once: the list and the
 * thread mount one after the other, and a second round trip would leave a
 * gap in which a change goes unseen. A Supabase token near its expiry is
 * asked for again.
 */
function realtimeAccess(): Promise<RealtimeAccess | null> {
  accessAsked ??= getRealtimeAccess({}).then(
    (result) => (result.ok ? result.data : null),
    () => null,
  );
  return accessAsked.then((access) => {
    if (access && access.expiresAt - 60 < Date.now() / 1000) {
      accessAsked = null;
      return realtimeAccess();
    }
    return access;
  });
}

/**
 * One live stream per page, shared by whoever listens (the list and the
 * thread), over Supabase Realtime when the server says so, else over SSE.
 * It opens with the first listener and closes with the last.
 */
const stream = {
  listeners: new Set<Emit>(),
  status: "connecting" as ConnectionStatus,
  statusWatchers: new Set<() => void>(),
  stop: null as (() => void) | null,
};

function setStreamStatus(status: ConnectionStatus) {
  if (stream.status === status) return;
  stream.status = status;
  for (const watcher of stream.statusWatchers) watcher();
}

function listen(emit: Emit): () => void {
  stream.listeners.add(emit);
  if (stream.listeners.size === 1) {
    let cancelled = false;
    let unsubscribe = () => {};
    const emitAll: Emit = (event) => {
      for (const listener of stream.listeners) listener(event);
    };
    void realtimeAccess().then((access) => {
      if (!cancelled) unsubscribe = access ? subscribeSupabase(access, emitAll, setStreamStatus) : subscribeSse(emitAll, setStreamStatus);
    });
    stream.stop = () => {
      cancelled = true;
      unsubscribe();
      setStreamStatus("connecting");
    };
  } else if (stream.status === "live") {
    // Joining a live stream: what changed between this component's render and now was not heard.
    queueMicrotask(() => emit({ kind: "resync" }));
  }
  return () => {
    stream.listeners.delete(emit);
    if (stream.listeners.size === 0) {
      stream.stop?.();
      stream.stop = null;
    }
  };
}

/**
 * The one live-update hook (list, thread, view counts, notifications).
 * Handlers merge the rows they get into what they show, and refetch only
 * on `resync`: on every (re)connection (events may have been missed during
 * a drop, and between the page's render and the first connection), after
 * a gap in the stream's sequence, and when they join a live stream.
 */
export function useWorkspaceEvents(onEvent: (event: WorkspaceEvent) => void) {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => listen((event) => handler.current(event)), []);
}

/** Whether live updates are flowing, for the "Reconnecting…" notice. */
export function useConnectionStatus(): ConnectionStatus {
  return useSyncExternalStore(
    (watch) => {
      stream.statusWatchers.add(watch);
      return () => stream.statusWatchers.delete(watch);
    },
    () => stream.status,
    () => "connecting",
  );
}
