"use client";

import { useEffect, useSyncExternalStore } from "react";
import { getNotificationPreferences, listNotifications, markRead } from "@/app/actions/notifications";
import { type NotificationPreferences, notificationHref } from "@/lib/notifications";
import type { NotificationItem } from "@/server/notifications/queries";
import { useNotificationText } from "./notification-text";

export interface NotificationState {
  status: "loading" | "ready" | "error";
  unread: number;
  items: NotificationItem[];
  next: string | null;
  loadingMore: boolean;
  preferences: NotificationPreferences | null;
}

const INITIAL: NotificationState = { status: "loading", unread: 0, items: [], next: null, loadingMore: false, preferences: null };

/**
 * The signed-in member's notifications in this tab: one store shared by the
 * bell (sidebar and phone header), the Inbox item's count and the tab title.
 * It opens the member's own stream (/api/notifications) with its first
 * user and refetches the first page on every signal; what is new since the
 * last fetch is announced by the browser and a sound, as the member chose.
 */
const store = {
  state: INITIAL,
  watchers: new Set<() => void>(),
  users: 0,
  workspaceId: null as string | null,
  stop: null as (() => void) | null,
  /** Notifications already seen (id and time: a customer's new reply moves its notification up). */
  seen: null as Set<string> | null,
  /** The sentence of a notification in the reader's language, kept by the components using the store. */
  describe: null as ((n: NotificationItem) => string) | null,
};

function set(patch: Partial<NotificationState>) {
  store.state = { ...store.state, ...patch };
  for (const watch of store.watchers) watch();
}

const seenKey = (n: NotificationItem) => `${n.id}@${n.created_at}`;

async function refresh() {
  const result = await listNotifications({}).catch(() => null);
  if (!result?.ok) {
    if (store.state.status === "loading") set({ status: "error" });
    return;
  }
  const { items, next, unread } = result.data;
  const fresh = store.seen ? items.filter((n) => !n.read_at && !store.seen?.has(seenKey(n))) : [];
  store.seen = new Set([...(store.seen ?? []), ...items.map(seenKey)]);
  // Older pages already loaded stay below the new first page.
  const last = items.at(-1);
  const older = next && last ? store.state.items.filter((n) => !items.some((i) => i.id === n.id) && n.created_at < last.created_at) : [];
  set({ status: "ready", items: [...items, ...older], next: older.length > 0 ? store.state.next : next, unread });
  announce(fresh);
}

export async function loadMore() {
  if (!store.state.next || store.state.loadingMore) return;
  set({ loadingMore: true });
  const result = await listNotifications({ before: store.state.next }).catch(() => null);
  if (result?.ok) {
    for (const n of result.data.items) store.seen?.add(seenKey(n));
    set({ items: [...store.state.items, ...result.data.items], next: result.data.next, unread: result.data.unread, loadingMore: false });
  } else set({ loadingMore: false });
}

/** Marks these read (opening one), or all; the count follows at once, the server's answer corrects it. */
export async function markNotificationsRead(target: { ids: string[] } | { all: true }) {
  const now = new Date().toISOString();
  const hit = (n: NotificationItem) => !n.read_at && ("all" in target || target.ids.includes(n.id));
  const changed = store.state.items.filter(hit).length;
  set({
    items: store.state.items.map((n) => (hit(n) ? { ...n, read_at: new Date(now) } : n)),
    unread: "all" in target ? 0 : Math.max(0, store.state.unread - changed),
  });
  const result = await markRead(target).catch(() => null);
  if (result?.ok) set({ unread: result.data });
}

export function setPreferences(preferences: NotificationPreferences) {
  set({ preferences });
}

/** A short two-note chime, made on the spot (no audio file to load). */
function chime() {
  try {
    const audio = new AudioContext();
    const gain = audio.createGain();
    gain.connect(audio.destination);
    gain.gain.setValueAtTime(0.0001, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.2, audio.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.45);
    [880, 1320].forEach((frequency, i) => {
      const tone = audio.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(audio.currentTime + i * 0.12);
      tone.stop(audio.currentTime + 0.45);
    });
    setTimeout(() => void audio.close(), 800);
  } catch {
    // no audio in this browser (or not allowed before the first click): silent
  }
}

function announce(fresh: NotificationItem[]) {
  const preferences = store.state.preferences;
  if (fresh.length === 0 || !preferences) return;
  if (fresh.some((n) => preferences[n.kind].sound)) chime();
  // The browser's own notifications while the tab is in the background: in front, the bell shows it.
  if (typeof Notification === "undefined" || Notification.permission !== "granted" || document.visibilityState === "visible") return;
  const describe = store.describe;
  if (!describe) return;
  for (const n of fresh.filter((item) => preferences[item.kind].browser).slice(0, 3)) {
    const shown = new Notification(describe(n), {
      body: n.preview ?? undefined,
      tag: n.id,
    });
    shown.onclick = () => {
      window.focus();
      void markNotificationsRead({ ids: [n.id] });
      window.location.assign(notificationHref(n));
    };
  }
}

function start(): () => void {
  store.seen = null;
  set(INITIAL);
  void getNotificationPreferences({})
    .then((result) => result.ok && set({ preferences: result.data }))
    .catch(() => undefined);
  // EventSource reconnects by itself (the server's `retry`); every `ready` is a (re)connection: refetch.
  const source = new EventSource("/api/notifications");
  source.addEventListener("ready", () => void refresh());
  source.addEventListener("changed", () => void refresh());
  const onVisible = () => document.visibilityState === "visible" && void refresh();
  document.addEventListener("visibilitychange", onVisible);
  return () => {
    source.close();
    document.removeEventListener("visibilitychange", onVisible);
  };
}

/** The notification state of this tab; the stream is open while any component uses it, for the given workspace. */
export function useNotifications(workspaceId: string): NotificationState {
  const describe = useNotificationText();
  useEffect(() => {
    store.describe = describe;
  });
  useEffect(() => {
    store.users += 1;
    if (store.workspaceId !== workspaceId) {
      store.stop?.();
      store.stop = null;
      store.workspaceId = workspaceId;
    }
    store.stop ??= start();
    return () => {
      store.users -= 1;
      if (store.users === 0) {
        store.stop?.();
        store.stop = null;
        store.workspaceId = null;
      }
    };
  }, [workspaceId]);
  return useSyncExternalStore(
    (watch) => {
      store.watchers.add(watch);
      return () => store.watchers.delete(watch);
    },
    () => store.state,
    () => INITIAL,
  );
}
