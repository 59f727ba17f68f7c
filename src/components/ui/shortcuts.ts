/**
 * The app's keyboard shortcuts: one registry that the key listener, the
 * "?" help dialog and the command palette's actions all read, so what the
 * help lists is exactly what the keys do. Components register their
 * shortcuts while mounted (useShortcuts); nothing here touches the DOM.
 */

/** The help dialog's sections, in its order: catalogue keys under shell.shortcuts.groups. */
export type ShortcutGroup = "general" | "conversationList" | "conversation";
export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = ["general", "conversationList", "conversation"];

export interface Shortcut {
  /** Unique; a later registration with the same id replaces the earlier one. */
  id: string;
  /** What it does, as the help dialog and the palette say it ("Resolve the conversation"), in the user's language (from the catalogue). */
  label: string;
  group: ShortcutGroup;
  /**
   * Keys that fire it anywhere on the page: a character ("j", "?", "/"), a
   * key name ("ArrowDown", "Escape") or "Mod+k" (Ctrl, or ⌘ on a Mac).
   * Empty: an action offered in the palette only.
   */
  keys: readonly string[];
  /** Keys that fire it only while focus is inside `scope()` (the arrows of a list). */
  localKeys?: readonly string[];
  scope?: () => Element | null;
  /** Also while typing in a field or inside a dialog (Ctrl/⌘+K). */
  whileTyping?: boolean;
  /** Offered as an action in the command palette. */
  palette?: boolean;
  run: () => void;
}

/** The parts of a KeyboardEvent the matching reads. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** The parts of the focused element the guard reads (an Element in the browser). */
export interface FocusTarget {
  tagName: string;
  isContentEditable?: boolean;
  type?: string;
  closest?: (selector: string) => unknown;
}

/** Inputs whose keys are not text: a shortcut pressed on them still fires. */
const NON_TEXT_INPUTS = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"]);

/** Whether keys pressed on `target` are someone typing (a text field, a select, rich text). */
export function isTyping(target: FocusTarget | null): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName.toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  return tag === "INPUT" && !NON_TEXT_INPUTS.has((target.type ?? "text").toLowerCase());
}

/** Inside an open dialog (the palette, a confirmation): page shortcuts would act behind it. */
function inDialog(target: FocusTarget | null): boolean {
  return Boolean(target?.closest?.("dialog[open], [role='dialog'], [role='alertdialog']"));
}

/** Whether `press` is the key `binding` names. Shift is part of a character ("?"), so only named keys check it. */
export function matchesKey(binding: string, press: KeyPress): boolean {
  const parts = binding.split("+");
  const key = parts.pop() ?? "";
  const mod = parts.includes("Mod");
  const wantsShift = parts.includes("Shift");
  if (mod !== (press.ctrlKey || press.metaKey) || press.altKey) return false;
  if (key.length === 1) return press.key.toLowerCase() === key.toLowerCase() && (mod || press.key === key);
  return press.key === key && press.shiftKey === wantsShift;
}

/**
 * The shortcut a key press fires, if any: the most recently registered
 * match, never while typing or inside a dialog unless it says so.
 */
export function findShortcut(shortcuts: readonly Shortcut[], press: KeyPress, target: FocusTarget | null): Shortcut | undefined {
  const guarded = isTyping(target) || inDialog(target);
  for (const shortcut of [...shortcuts].reverse()) {
    if (guarded && !shortcut.whileTyping) continue;
    if (shortcut.keys.some((k) => matchesKey(k, press))) return shortcut;
    const scope = shortcut.localKeys?.length ? shortcut.scope?.() : null;
    if (scope && target && scope.contains(target as unknown as Node) && shortcut.localKeys?.some((k) => matchesKey(k, press))) {
      return shortcut;
    }
  }
  return undefined;
}

const KEY_NAMES: Record<string, string> = {
  ArrowDown: "↓",
  ArrowUp: "↑",
  ArrowLeft: "←",
  ArrowRight: "→",
  Escape: "Esc",
  Enter: "Enter",
};

/** How a binding is printed: "Mod+k" is "⌘K" on a Mac, "Ctrl+K" elsewhere. */
export function keyLabel(binding: string, mac: boolean): string {
  const parts = binding.split("+");
  const key = parts.pop() ?? "";
  const name = KEY_NAMES[key] ?? key;
  const mods = parts.map((p) => (p === "Mod" ? (mac ? "⌘" : "Ctrl") : p));
  if (mods.length === 0) return name;
  const shown = key.length === 1 ? key.toUpperCase() : name;
  return mac ? `${mods.join("")}${shown}` : [...mods, shown].join("+");
}

/** A small store of what is registered, in registration order, for useSyncExternalStore. */
export function createShortcutRegistry() {
  let entries: readonly Shortcut[] = [];
  const listeners = new Set<() => void>();
  const emit = () => {
    for (const listener of listeners) listener();
  };
  return {
    /** Adds (or replaces, by id) a shortcut; returns what removes it. */
    register(shortcut: Shortcut): () => void {
      entries = [...entries.filter((e) => e.id !== shortcut.id), shortcut];
      emit();
      return () => {
        // A newer registration under the same id stays.
        if (!entries.includes(shortcut)) return;
        entries = entries.filter((e) => e !== shortcut);
        emit();
      };
    },
    list: (): readonly Shortcut[] => entries,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The page's one registry. */
export const shortcuts = createShortcutRegistry();
