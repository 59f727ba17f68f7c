"use client";

import { AlertTriangle, MessageSquareText } from "lucide-react";
import { type KeyboardEvent, type RefObject, useEffect, useId, useRef, useState } from "react";
import { cannedForConversation, recordCannedUse } from "@/app/actions/canned";
import { cn } from "@/components/ui/cn";
import { type CannedContext, type CannedOption, cannedQueryAt, fillCannedBody, matchCanned, moveHighlight } from "@/lib/canned";

type Loaded =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ready"; options: CannedOption[]; context: CannedContext };

/**
 * The `/code` picker of a composer's textarea: opens while a slash word is
 * typed at the caret, loads the member's canned responses and the
 * conversation's values once per conversation, and on choice replaces the
 * slash word with the filled text. The responses inserted since the last
 * send are counted (recordCannedUse) when the composer says a message was
 * sent: a use is a message that went out, not an insertion later deleted.
 */
export function useCannedPicker({
  conversationId,
  text,
  setText,
  textarea,
}: {
  conversationId: string;
  text: string;
  setText: (text: string) => void;
  textarea: RefObject<HTMLTextAreaElement | null>;
}) {
  const [caret, setCaret] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [highlight, setHighlight] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const inserted = useRef<string[]>([]);

  const slash = cannedQueryAt(text, caret);
  const open = slash !== null && dismissedAt !== slash.start;
  const matches = loaded?.status === "ready" && slash ? matchCanned(loaded.options, slash.query) : [];
  const index = moveHighlight(highlight, matches.length, "");

  // A new conversation, new values: load again on the next slash, forget what was inserted elsewhere.
  useEffect(() => {
    setLoaded(null);
    inserted.current = [];
  }, [conversationId]);

  useEffect(() => {
    if (!open || loaded) return;
    setLoaded({ status: "loading" });
    cannedForConversation({ conversationId })
      .then((result) => setLoaded(result.ok ? { status: "ready", ...result.data } : { status: "error", message: result.error.message }))
      .catch(() => setLoaded({ status: "error", message: "Canned responses could not be loaded." }));
  }, [open, loaded, conversationId]);

  function choose(option: CannedOption) {
    if (!slash || loaded?.status !== "ready") return;
    const filled = fillCannedBody(option.body, loaded.context).text;
    const next = text.slice(0, slash.start) + filled + text.slice(caret);
    const at = slash.start + filled.length;
    setText(next);
    inserted.current.push(option.id);
    setCaret(at);
    setHighlight(0);
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(at, at);
    });
  }

  /** Handles the key when the picker is open; returns whether it did (then the composer must not). */
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open || !slash) return false;
    if (event.key === "Escape") {
      setDismissedAt(slash.start);
      return true;
    }
    // Enter before the list has loaded would send the half-typed code.
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

  /** After a successful send: the inserted responses count as used. */
  function onSent() {
    const ids = inserted.current;
    inserted.current = [];
    if (ids.length > 0) void recordCannedUse({ ids }).catch(() => undefined);
  }

  return { open, slash, loaded, matches, index, choose, onKeyDown, trackCaret, onSent, setHighlight };
}

export type CannedPickerState = ReturnType<typeof useCannedPicker>;

/** The textarea's ARIA combobox attributes while the picker may show. */
export function comboboxProps(picker: CannedPickerState, listId: string) {
  const activeId = picker.open && picker.matches[picker.index] ? `${listId}-${picker.matches[picker.index]?.id}` : undefined;
  return {
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": picker.open,
    "aria-controls": picker.open ? listId : undefined,
    "aria-activedescendant": activeId,
  } as const;
}

export function useCannedListId() {
  return `canned-${useId().replace(/:/g, "")}`;
}

/** The list above the textarea: matching responses with a preview of the filled text of the highlighted one. */
export function CannedPicker({ picker, listId }: { picker: CannedPickerState; listId: string }) {
  const { open, loaded, matches, index, choose, setHighlight } = picker;
  if (!open) return null;
  const highlighted = matches[index];
  const preview = highlighted && loaded?.status === "ready" ? fillCannedBody(highlighted.body, loaded.context) : null;
  return (
    <div
      className="absolute inset-x-0 bottom-full z-20 mb-2 max-h-80 overflow-hidden rounded-lg bg-white shadow-lg ring-1 ring-slate-200"
      data-testid="canned-picker"
    >
      {loaded?.status === "error" ? (
        <p role="alert" className="px-3 py-2 text-sm text-red-700">
          {loaded.message}
        </p>
      ) : loaded?.status !== "ready" ? (
        <p className="px-3 py-2 text-sm text-slate-500" aria-live="polite">
          Loading canned responses…
        </p>
      ) : matches.length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-500" aria-live="polite">
          {loaded.options.length === 0
            ? "No canned responses yet. Add them in Settings → Canned responses."
            : "No canned response matches."}
        </p>
      ) : (
        <>
          <div id={listId} role="listbox" aria-label="Canned responses" className="max-h-48 overflow-y-auto py-1">
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
                <MessageSquareText className="size-4 shrink-0 text-slate-400" aria-hidden />
                <span className="font-mono text-xs text-slate-600">{option.code}</span>
                <span className="truncate text-slate-800">{option.title}</span>
                {option.personal && <span className="ml-auto shrink-0 text-xs text-slate-500">Personal</span>}
              </div>
            ))}
          </div>
          {preview && (
            <div className="border-t border-slate-100 bg-slate-50 px-3 py-2 text-xs text-slate-600">
              <p className="line-clamp-3 whitespace-pre-wrap">{preview.text}</p>
              {preview.missing.length > 0 && (
                <p className="mt-1 flex items-center gap-1 text-amber-700">
                  <AlertTriangle className="size-3.5 shrink-0" aria-hidden />
                  No value for {preview.missing.map((m) => `{{${m}}}`).join(", ")}: left empty.
                </p>
              )}
            </div>
          )}
        </>
      )}
    </div>
  );
}
