"use client";

import { Check, Loader2, Plus, Tag } from "lucide-react";
import { useTranslations } from "next-intl";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { addConversationLabels, createLabel, getLabels, removeConversationLabels } from "@/app/actions/labels";
import { cn } from "@/components/ui/cn";
import { LABEL_COLORS } from "@/lib/label-colors";
import type { Label } from "@/server/inbox/labels";
import type { ConversationLabel } from "@/server/inbox/queries";
import { LabelDot } from "./label-chip";

type Option = { kind: "label"; label: Label } | { kind: "create"; name: string };

/**
 * Puts labels on a conversation and takes them off: a button opening a
 * combobox (type to search, arrows to move, Enter to toggle, Escape to
 * close). Admins also get "Create label" for a name that does not exist.
 * Changes show at once; every other agent's list follows from the live
 * events the database sends for them.
 */
export function LabelPicker({
  conversationId,
  labels,
  onChange,
  name,
  compact = false,
  tabIndex,
}: {
  conversationId: string;
  labels: ConversationLabel[];
  onChange?: (labels: ConversationLabel[]) => void;
  /** The button's accessible name, e.g. "Labels of Siti". */
  name: string;
  /** An icon-only trigger (rows of the list). */
  compact?: boolean;
  /** -1 in the list's rows, which are one tab stop (use-list-keyboard.ts). */
  tabIndex?: number;
}) {
  const t = useTranslations("inbox.labels");
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [available, setAvailable] = useState<{ labels: Label[]; canManage: boolean } | null>(null);
  const [applied, setApplied] = useState(labels);
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const listId = useId();

  useEffect(() => setApplied(labels), [labels]);

  useEffect(() => {
    if (!open) return;
    void getLabels({}).then((result) => (result.ok ? setAvailable(result.data) : setError(result.error.message)));
    const closeOutside = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", closeOutside);
    return () => document.removeEventListener("mousedown", closeOutside);
  }, [open]);

  const needle = query.trim().toLowerCase();
  const matching = (available?.labels ?? []).filter((l) => l.name.toLowerCase().includes(needle));
  const exact = available?.labels.some((l) => l.name.toLowerCase() === needle);
  const options: Option[] = [
    ...matching.map((label) => ({ kind: "label" as const, label })),
    ...(available?.canManage && needle && !exact ? [{ kind: "create" as const, name: query.trim() }] : []),
  ];
  const has = (id: string) => applied.some((l) => l.id === id);

  const update = (next: ConversationLabel[]) => {
    setApplied(next);
    onChange?.(next);
  };

  async function toggle(label: Label) {
    setError(null);
    const removing = has(label.id);
    const before = applied;
    update(removing ? applied.filter((l) => l.id !== label.id) : [...applied, label].sort((a, b) => a.name.localeCompare(b.name)));
    const input = { conversationId, labelIds: [label.id] };
    const result = await (removing ? removeConversationLabels(input) : addConversationLabels(input));
    if (!result.ok) {
      update(before);
      setError(result.error.message);
    }
  }

  async function create(name: string) {
    setBusy(true);
    setError(null);
    const color = LABEL_COLORS[(available?.labels.length ?? 0) % LABEL_COLORS.length] ?? "slate";
    const result = await createLabel({ name, color, description: null });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setAvailable((a) => a && { ...a, labels: [...a.labels, result.data] });
    setQuery("");
    await toggle(result.data);
  }

  const choose = (option: Option | undefined) => {
    if (!option) return;
    if (option.kind === "label") void toggle(option.label);
    else void create(option.name);
  };

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (options.length ? (i + step + options.length) % options.length : 0));
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      setOpen(false);
      trigger.current?.focus();
    }
  }

  const optionId = (index: number) => `${listId}-${index}`;
  return (
    <div ref={root} className="relative">
      <button
        ref={trigger}
        type="button"
        onClick={() => {
          setOpen((o) => !o);
          setQuery("");
          setActive(0);
        }}
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={name}
        tabIndex={tabIndex}
        className={cn(
          "inline-flex items-center gap-1.5 rounded-md text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:outline-none",
          compact ? "p-1" : "h-8 px-2.5 ring-1 ring-slate-300",
        )}
      >
        <Tag className="size-4" aria-hidden />
        {!compact && <span className="max-sm:sr-only xl:max-2xl:sr-only">{t("labels")}</span>}
      </button>
      {open && (
        <div className="absolute right-0 z-30 mt-1 w-64 rounded-lg bg-white p-2 shadow-lg ring-1 ring-slate-200">
          <input
            // biome-ignore lint/a11y/noAutofocus: the popover opens to be typed in
            autoFocus
            role="combobox"
            aria-expanded
            aria-controls={listId}
            aria-activedescendant={options[active] ? optionId(active) : undefined}
            aria-label={t("search")}
            placeholder={available?.canManage ? t("searchOrCreate") : t("search")}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
            onKeyDown={onKeyDown}
            className="mb-1 block w-full rounded-md border-0 bg-slate-100 px-2.5 py-1.5 text-sm focus:bg-white focus:ring-2 focus:ring-brand-600 focus:outline-none"
          />
          {error && (
            <p role="alert" className="mb-1 rounded bg-red-50 px-2 py-1 text-xs text-red-700">
              {error}
            </p>
          )}
          {!available ? (
            <p className="flex items-center gap-2 px-2 py-2 text-sm text-slate-500">
              <Loader2 className="size-4 animate-spin" aria-hidden /> {t("loading")}
            </p>
          ) : (
            <div id={listId} role="listbox" aria-multiselectable aria-label={t("labels")} className="max-h-60 overflow-y-auto">
              {options.map((option, index) => (
                // biome-ignore lint/a11y/useKeyWithClickEvents: keys go to the combobox input (aria-activedescendant)
                <div
                  key={option.kind === "label" ? option.label.id : "create"}
                  id={optionId(index)}
                  role="option"
                  tabIndex={-1}
                  aria-selected={option.kind === "label" && has(option.label.id)}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => choose(option)}
                  onMouseEnter={() => setActive(index)}
                  className={cn(
                    "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm",
                    index === active ? "bg-slate-100" : "",
                  )}
                >
                  {option.kind === "label" ? (
                    <>
                      <LabelDot color={option.label.color} />
                      <span className="min-w-0 flex-1 truncate">{option.label.name}</span>
                      {has(option.label.id) && <Check className="size-4 text-brand-600" aria-hidden />}
                    </>
                  ) : (
                    <>
                      {busy ? <Loader2 className="size-4 animate-spin" aria-hidden /> : <Plus className="size-4" aria-hidden />}
                      <span className="truncate">{t("create", { name: option.name })}</span>
                    </>
                  )}
                </div>
              ))}
              {options.length === 0 && (
                <p className="px-2 py-2 text-sm text-slate-500">
                  {available.labels.length === 0 ? (available.canManage ? t("noneCanCreate") : t("none")) : t("noMatch")}
                </p>
              )}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
