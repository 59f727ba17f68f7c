/**
 * Whether the command palette (components/shell/command-palette.tsx) is
 * open, and on which page: the root (go to, actions) or a list of choices
 * a shortcut opened it on ("Assign to…"). A store so any component can open
 * it without the shell passing callbacks down.
 */

export interface PaletteChoice {
  id: string;
  label: string;
  /** Shown dimmed beside the label ("you", "away"). */
  hint?: string;
  run: () => void;
}

export interface PalettePage {
  title: string;
  choices: readonly PaletteChoice[];
}

export interface PaletteState {
  open: boolean;
  page: PalettePage | null;
}

let state: PaletteState = { open: false, page: null };
const listeners = new Set<() => void>();
const set = (next: PaletteState) => {
  state = next;
  for (const listener of listeners) listener();
};

export const palette = {
  open: (page: PalettePage | null = null) => set({ open: true, page }),
  close: () => state.open && set({ open: false, page: null }),
  get: (): PaletteState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export const CLOSED_PALETTE: PaletteState = { open: false, page: null };

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();

/** Whether every word typed appears in `text`, ignoring case and accents ("set cann" finds "Settings · Canned responses"). */
export function matchesQuery(text: string, query: string): boolean {
  const haystack = fold(text);
  return fold(query)
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}
