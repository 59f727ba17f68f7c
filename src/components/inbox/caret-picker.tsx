"use client";

import { type KeyboardEvent, type ReactNode, type RefObject, useEffect, useId, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { moveHighlight } from "@/lib/canned";

/** What a picker loaded for its conversation: `Data` spread into the ready state. */
export type Loaded<Data> = { status: "loading" } | { status: "error"; message: string } | ({ status: "ready" } & Data);

type Answer<Data> = { ok: true; data: Data } | { ok: false; error: { message: string } };

/**
 * A picker that opens while a trigger word is typed at the caret of a
 * composer's textarea (`/code` for canned responses, `@name` for mentions):
 * loads its options once per conversation when first opened, filters them
 * by the word, and on choice replaces the word with the option's text. The
 * keyboard stays in the textarea (arrows, Enter or Tab, Esc).
 */
export function useCaretPicker<Data, Option extends { id: string }>({
  conversationId,
  text,
  setText,
  textarea,
  enabled = true,
  queryAt,
  load,
  loadFailed,
  match,
  insertion,
  onChoose,
}: {
  conversationId: string;
  text: string;
  setText: (text: string) => void;
  textarea: RefObject<HTMLTextAreaElement | null>;
  enabled?: boolean;
  queryAt: (text: string, caret: number) => { start: number; query: string } | null;
  load: () => Promise<Answer<Data>>;
  loadFailed: string;
  match: (data: Data, query: string) => Option[];
  insertion: (option: Option, data: Data) => string;
  onChoose?: (option: Option) => void;
}) {
  const [caret, setCaret] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [highlight, setHighlight] = useState(0);
  const [loaded, setLoaded] = useState<Loaded<Data> | null>(null);
  const loader = useRef(load);
  loader.current = load;

  const word = enabled ? queryAt(text, caret) : null;
  const open = word !== null && dismissedAt !== word.start;
  const matches = loaded?.status === "ready" && word ? match(loaded, word.query) : [];
  const index = moveHighlight(highlight, matches.length, "");

  // A new conversation, new options: load again when next opened.
  useEffect(() => setLoaded(null), [conversationId]);

  useEffect(() => {
    if (!open || loaded) return;
    setLoaded({ status: "loading" });
    loader
      .current()
      .then((result) => setLoaded(result.ok ? { status: "ready", ...result.data } : { status: "error", message: result.error.message }))
      .catch(() => setLoaded({ status: "error", message: loadFailed }));
  }, [open, loaded, loadFailed]);

  function choose(option: Option) {
    if (!word || loaded?.status !== "ready") return;
    const inserted = insertion(option, loaded);
    const next = text.slice(0, word.start) + inserted + text.slice(caret);
    const at = word.start + inserted.length;
    setText(next);
    onChoose?.(option);
    setCaret(at);
    setHighlight(0);
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(at, at);
    });
  }

  /** Handles the key when the picker is open; returns whether it did (then the composer must not). */
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open || !word) return false;
    if (event.key === "Escape") {
      setDismissedAt(word.start);
      return true;
    }
    // Enter before the list has loaded would send the half-typed word.
    if (loaded?.status === "loading" && event.key === "Enter") return true;
    if (matches.length === 0) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      setHighlight(moveHighlight(index, matches.length, event.key));
      return true;
    }
    if ((event.key === "Enter" || event.key === "Tab") && !event.shiftKey) {
      const option = matches[index];
      if (option) choose(option);
      return true;
    }
    return false;
  }

  /** Where the caret is after typing, clicking or moving it. */
  function trackCaret(element: HTMLTextAreaElement) {
    setCaret(element.selectionStart ?? element.value.length);
    setHighlight(0);
  }

  return { open, word, loaded, matches, index, choose, onKeyDown, trackCaret, setHighlight };
}

/** The part of a picker's state its list and the textarea's ARIA attributes read. */
export interface PickerView<Data, Option extends { id: string }> {
  open: boolean;
  loaded: Loaded<Data> | null;
  matches: Option[];
  index: number;
  choose: (option: Option) => void;
  setHighlight: (index: number) => void;
}

/** The textarea's ARIA combobox attributes while the picker may show. */
export function comboboxProps<Option extends { id: string }>(picker: PickerView<unknown, Option>, listId: string) {
  const activeId = picker.open && picker.matches[picker.index] ? `${listId}-${picker.matches[picker.index]?.id}` : undefined;
  return {
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": picker.open,
    "aria-controls": picker.open ? listId : undefined,
    "aria-activedescendant": activeId,
  } as const;
}

export function usePickerListId(prefix: string) {
  return `${prefix}-${useId().replace(/:/g, "")}`;
}

/**
 * The list above the textarea: loading, error and empty states, the
 * options (the keyboard drives them from the textarea), and a footer
 * (e.g. a preview of the highlighted one).
 */
export function PickerList<Data, Option extends { id: string }>({
  picker,
  listId,
  label,
  testId,
  loading,
  empty,
  renderOption,
  footer,
}: {
  picker: PickerView<Data, Option>;
  listId: string;
  label: string;
  testId: string;
  loading: string;
  empty: (data: Data) => string;
  renderOption: (option: Option) => ReactNode;
  footer?: ReactNode;
}) {
  const { open, loaded, matches, index, choose, setHighlight } = picker;
  if (!open) return null;
  return (
    <div
      className="absolute inset-x-0 bottom-full z-20 mb-2 max-h-80 overflow-hidden rounded-lg bg-white shadow-lg ring-1 ring-slate-200"
      data-testid={testId}
    >
      {loaded?.status === "error" ? (
        <p role="alert" className="px-3 py-2 text-sm text-red-700">
          {loaded.message}
        </p>
      ) : loaded?.status !== "ready" ? (
        <p className="px-3 py-2 text-sm text-slate-500" aria-live="polite">
          {loading}
        </p>
      ) : matches.length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-500" aria-live="polite">
          {empty(loaded)}
        </p>
      ) : (
        <>
          <div id={listId} role="listbox" aria-label={label} className="max-h-48 overflow-y-auto py-1">
            {matches.map((option, i) => (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard drives the list from the textarea (combobox pattern)
              <div
                key={option.id}
                tabIndex={-1}
                id={`${listId}-${option.id}`}
                role="option"
                aria-selected={i === index}
                onMouseEnter={() => setHighlight(i)}
                // Keeps the focus (and the caret) in the textarea.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(option)}
                className={cn(
                  "flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm",
                  i === index ? "bg-brand-50" : "hover:bg-slate-50",
                )}
              >
                {renderOption(option)}
              </div>
            ))}
          </div>
          {footer}
        </>
      )}
    </div>
  );
}
