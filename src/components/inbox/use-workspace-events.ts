"use client";

import { useEffect, useRef } from "react";

export interface WorkspaceChange {
  table: "messages" | "conversations" | "contacts";
  op: "insert" | "update" | "delete";
  id: string;
  conversation_id: string | null;
}

export type WorkspaceEvent = { kind: "change"; change: WorkspaceChange } | { kind: "resync" };

const MAX_BACKOFF_MS = 30_000;

/**
 * The one live-update hook (list and thread both use it): an EventSource on
 * /api/realtime that reconnects with exponential backoff. After any gap
 * (reconnect, or the server's own LISTEN reconnecting) handlers get a
 * `resync` and refetch what they show, since events may have been missed.
 */
export function useWorkspaceEvents(onEvent: (event: WorkspaceEvent) => void) {
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let connectedBefore = false;
    let stopped = false;

    const connect = () => {
      source = new EventSource("/api/realtime");
      source.addEventListener("ready", () => {
        if (connectedBefore) handler.current({ kind: "resync" });
        connectedBefore = true;
        failures = 0;
      });
      source.addEventListener("change", (message) => {
        try {
          handler.current({ kind: "change", change: JSON.parse((message as MessageEvent<string>).data) as WorkspaceChange });
        } catch {
          // a malformed event is skipped; the next resync covers it
        }
      });
      source.addEventListener("resync", () => handler.current({ kind: "resync" }));
      source.onerror = () => {
        source?.close();
        if (stopped) return;
        const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures) * (0.5 + Math.random() / 2);
        failures += 1;
        retryTimer = setTimeout(connect, delay);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      source?.close();
    };
  }, []);
}
