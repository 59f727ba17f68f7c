import { describe, expect, it } from "vitest";
import { matchesQuery } from "@/components/ui/palette";
import {
  createShortcutRegistry,
  type FocusTarget,
  findShortcut,
  isTyping,
  type KeyPress,
  keyLabel,
  matchesKey,
  type Shortcut,
} from "@/components/ui/shortcuts";

const press = (key: string, mods: Partial<Omit<KeyPress, "key">> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});
const element = (tagName: string, extra: Partial<FocusTarget> = {}): FocusTarget => ({ tagName, closest: () => null, ...extra });
const shortcut = (id: string, keys: string[], extra: Partial<Shortcut> = {}): Shortcut => ({
  id,
  label: id,
  group: "general",
  keys,
  run: () => {},
  ...extra,
});

describe("isTyping", () => {
  it("is true in text fields, selects and rich text", () => {
    expect(isTyping(element("TEXTAREA"))).toBe(true);
    expect(isTyping(element("INPUT", { type: "search" }))).toBe(true);
    expect(isTyping(element("INPUT"))).toBe(true);
    expect(isTyping(element("SELECT"))).toBe(true);
    expect(isTyping(element("DIV", { isContentEditable: true }))).toBe(true);
  });

  it("is false on links, buttons and checkboxes (a row's checkbox still lets j/k move)", () => {
    expect(isTyping(element("A"))).toBe(false);
    expect(isTyping(element("BUTTON"))).toBe(false);
    expect(isTyping(element("INPUT", { type: "checkbox" }))).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});

describe("matchesKey", () => {
  it("matches a letter without modifiers only", () => {
    expect(matchesKey("j", press("j"))).toBe(true);
    expect(matchesKey("j", press("J", { shiftKey: true }))).toBe(false);
    expect(matchesKey("j", press("j", { ctrlKey: true }))).toBe(false);
    expect(matchesKey("j", press("j", { altKey: true }))).toBe(false);
  });

  it("matches a character typed with Shift by the character", () => {
    expect(matchesKey("?", press("?", { shiftKey: true }))).toBe(true);
    expect(matchesKey("/", press("/"))).toBe(true);
    expect(matchesKey("?", press("/"))).toBe(false);
  });

  it("reads Mod as Ctrl or ⌘, and requires it", () => {
    expect(matchesKey("Mod+k", press("k", { ctrlKey: true }))).toBe(true);
    expect(matchesKey("Mod+k", press("k", { metaKey: true }))).toBe(true);
    expect(matchesKey("Mod+k", press("K", { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(matchesKey("Mod+k", press("k"))).toBe(false);
  });

  it("matches named keys with their Shift state", () => {
    expect(matchesKey("ArrowDown", press("ArrowDown"))).toBe(true);
    expect(matchesKey("ArrowDown", press("ArrowDown", { shiftKey: true }))).toBe(false);
    expect(matchesKey("Shift+ArrowDown", press("ArrowDown", { shiftKey: true }))).toBe(true);
  });
});

describe("findShortcut", () => {
  const link = element("A");

  it("never fires a letter while typing, but Ctrl/⌘+K does", () => {
    const list = [shortcut("resolve", ["e"]), shortcut("palette", ["Mod+k"], { whileTyping: true })];
    const textarea = element("TEXTAREA");
    expect(findShortcut(list, press("e"), link)?.id).toBe("resolve");
    expect(findShortcut(list, press("e"), textarea)).toBeUndefined();
    expect(findShortcut(list, press("k", { ctrlKey: true }), textarea)?.id).toBe("palette");
  });

  it("never fires a letter inside an open dialog (it would act on the page behind)", () => {
    const inDialog = element("BUTTON", { closest: (selector: string) => (selector.includes("dialog[open]") ? {} : null) });
    expect(findShortcut([shortcut("resolve", ["e"])], press("e"), inDialog)).toBeUndefined();
  });

  it("fires local keys only while focus is inside their scope", () => {
    const inside = element("A");
    const scope = { contains: (node: unknown) => node === inside } as unknown as Element;
    const list = [shortcut("next", ["j"], { localKeys: ["ArrowDown"], scope: () => scope })];
    expect(findShortcut(list, press("ArrowDown"), inside)?.id).toBe("next");
    expect(findShortcut(list, press("ArrowDown"), element("A"))).toBeUndefined();
    expect(findShortcut(list, press("j"), element("A"))?.id).toBe("next");
  });

  it("prefers the most recent registration of a key", () => {
    const list = [shortcut("older", ["s"]), shortcut("newer", ["s"])];
    expect(findShortcut(list, press("s"), link)?.id).toBe("newer");
  });
});

describe("the registry", () => {
  it("lists what is mounted, replaces by id, and an old unmount does not remove its replacement", () => {
    const registry = createShortcutRegistry();
    let changes = 0;
    registry.subscribe(() => changes++);
    const removeFirst = registry.register(shortcut("resolve", ["e"], { label: "Resolve" }));
    registry.register(shortcut("reply", ["r"]));
    const removeSecond = registry.register(shortcut("resolve", ["e"], { label: "Resolve again" }));
    expect(registry.list().map((s) => s.label)).toEqual(["reply", "Resolve again"]);
    removeFirst();
    expect(registry.list().map((s) => s.id)).toEqual(["reply", "resolve"]);
    removeSecond();
    expect(registry.list().map((s) => s.id)).toEqual(["reply"]);
    expect(changes).toBe(4);
  });
});

describe("keyLabel", () => {
  it("prints Mod for the platform and names the arrows", () => {
    expect(keyLabel("Mod+k", true)).toBe("⌘K");
    expect(keyLabel("Mod+k", false)).toBe("Ctrl+K");
    expect(keyLabel("ArrowDown", false)).toBe("↓");
    expect(keyLabel("?", false)).toBe("?");
  });
});

describe("matchesQuery", () => {
  it("finds every typed word, ignoring case and accents", () => {
    expect(matchesQuery("Settings · Canned responses", "set cann")).toBe(true);
    expect(matchesQuery("Configurações", "configuracoes")).toBe(true);
    expect(matchesQuery("Contacts", "")).toBe(true);
    expect(matchesQuery("Contacts", "inbox")).toBe(false);
  });
});
