"use client";

import { useEffect, useRef, useSyncExternalStore } from "react";
import { findShortcut, keyLabel, type Shortcut, shortcuts } from "./shortcuts";

/**
 * Registers `list` while the component is mounted. Registration follows
 * what the help dialog shows (ids, labels, keys); the functions are read
 * from the latest render, so handlers may close over fresh state.
 */
export function useShortcuts(list: readonly Shortcut[]) {
  const latest = useRef(list);
  useEffect(() => {
    latest.current = list;
  });
  const shape = list
    .map((s) => [s.id, s.label, s.group, s.keys.join(" "), s.localKeys?.join(" "), s.whileTyping, s.palette].join("|"))
    .join("\n");
  // Re-registered when the shape changes; run and scope are read through the ref.
  useEffect(() => {
    const current = (id: string) => latest.current.find((s) => s.id === id);
    const removers = latest.current.map((s) =>
      shortcuts.register({ ...s, run: () => current(s.id)?.run(), scope: () => current(s.id)?.scope?.() ?? null }),
    );
    return () => {
      for (const remove of removers) remove();
    };
  }, [shape]);
}

/** What is registered now, re-rendering as it changes. */
export function useRegisteredShortcuts(): readonly Shortcut[] {
  return useSyncExternalStore(shortcuts.subscribe, shortcuts.list, () => EMPTY);
}
const EMPTY: readonly Shortcut[] = [];

/** The one key listener: runs the registered shortcut a key press names. Mounted once, by the app shell. */
export function useShortcutListener() {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      // Handled already (a picker's own arrows or Escape), or an IME composing text.
      if (event.defaultPrevented || event.isComposing) return;
      const target = event.target instanceof Element ? event.target : null;
      const shortcut = findShortcut(shortcuts.list(), event, target as (Element & { type?: string }) | null);
      if (!shortcut) return;
      event.preventDefault();
      shortcut.run();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}

const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform);
const noSubscription = () => () => {};

/** Prints a binding for this browser's keyboard ("⌘K" on a Mac, "Ctrl+K" elsewhere; the server renders the latter). */
export function useKeyLabel(): (binding: string) => string {
  const mac = useSyncExternalStore(noSubscription, isMac, () => false);
  return (binding) => keyLabel(binding, mac);
}
