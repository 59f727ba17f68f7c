"use client";

import { AlarmClock, ChevronDown, Hourglass, Inbox } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, type KeyboardEvent as ReactKeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { getSnoozeOptions } from "@/app/actions/inbox";
import { Button } from "@/components/ui/button";
import { useShortcuts } from "@/components/ui/use-shortcuts";
import { useWakeTime } from "@/components/ui/use-times";
import type { ConversationStatus } from "@/lib/conversation-status";
import type { SnoozeOption } from "@/lib/snooze";
import type { SnoozeTime } from "@/server/inbox/status";

const itemClass =
  "flex w-full items-center justify-between gap-3 rounded-md px-2.5 py-1.5 text-left text-sm text-slate-700 hover:bg-slate-100 focus-visible:bg-slate-100 focus-visible:outline-none";

/**
 * "Mark pending" / "Mark open" and the snooze presets with their wake time
 * on the workspace's clock (asked from the server when the menu opens), plus
 * a custom date and time read on that same clock. "s" opens it with focus
 * on its first item; the arrows move between items, Escape closes it.
 */
export function ConversationStatusMenu({
  status,
  onSetStatus,
  onSnooze,
}: {
  status: ConversationStatus;
  onSetStatus: (status: Exclude<ConversationStatus, "snoozed">) => void;
  onSnooze: (time: SnoozeTime, until: string | null) => void;
}) {
  const t = useTranslations("inbox.statusMenu");
  const tShortcuts = useTranslations("inbox.shortcuts");
  const wakeTime = useWakeTime();
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<SnoozeOption[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [custom, setCustom] = useState("");
  const menu = useRef<HTMLDivElement>(null);
  const customId = useId();
  const [focusRequest, setFocusRequest] = useState(0);

  useShortcuts([
    {
      id: "conversation.snooze",
      label: tShortcuts("snooze"),
      group: "conversation",
      keys: ["s"],
      palette: true,
      run: () => {
        setOpen(true);
        setFocusRequest((n) => n + 1);
      },
    },
  ]);
  useEffect(() => {
    if (focusRequest > 0) menu.current?.querySelector<HTMLElement>("[role='menuitem']")?.focus();
  }, [focusRequest]);

  useEffect(() => {
    if (!open) return;
    let stale = false;
    setFailed(false);
    void getSnoozeOptions({}).then((result) => {
      if (stale) return;
      if (result.ok) setOptions(result.data);
      else setFailed(true);
    });
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key !== "Escape" : menu.current?.contains(event.target as Node)) return;
      // Escape from inside the menu gives focus back to its button (the wrapper's first).
      if (event instanceof KeyboardEvent && menu.current?.contains(document.activeElement)) menu.current.querySelector("button")?.focus();
      setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      stale = true;
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  const choose = (act: () => void) => {
    setOpen(false);
    act();
  };
  /** ↓/↑ move between the items (wrapping), as in a menu. */
  const moveFocus = (event: ReactKeyboardEvent) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const items = [...(menu.current?.querySelectorAll<HTMLElement>("[role='menuitem']") ?? [])];
    if (items.length === 0 || !items.includes(document.activeElement as HTMLElement)) return;
    event.preventDefault();
    const at = items.indexOf(document.activeElement as HTMLElement) + (event.key === "ArrowDown" ? 1 : -1);
    items[(at + items.length) % items.length]?.focus();
  };
  const snoozeCustom = (event: FormEvent) => {
    event.preventDefault();
    if (custom) choose(() => onSnooze({ local: custom }, null));
  };

  return (
    <div ref={menu} className="relative">
      <Button variant="secondary" size="sm" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <AlarmClock className="size-4" aria-hidden /> <span className="max-sm:sr-only xl:max-2xl:sr-only">{t("snooze")}</span>
        <ChevronDown className="size-3" aria-hidden />
      </Button>
      {open && (
        <div
          role="menu"
          aria-label={t("menu")}
          onKeyDown={moveFocus}
          className="absolute right-0 z-20 mt-1 w-64 rounded-lg bg-white p-1.5 shadow-lg ring-1 ring-slate-200"
        >
          {status !== "pending" && (
            <button type="button" role="menuitem" className={itemClass} onClick={() => choose(() => onSetStatus("pending"))}>
              <span className="flex items-center gap-2">
                <Hourglass className="size-4 text-slate-500" aria-hidden /> {t("markPending")}
              </span>
            </button>
          )}
          {(status === "pending" || status === "snoozed") && (
            <button type="button" role="menuitem" className={itemClass} onClick={() => choose(() => onSetStatus("open"))}>
              <span className="flex items-center gap-2">
                <Inbox className="size-4 text-slate-500" aria-hidden /> {t("markOpen")}
              </span>
            </button>
          )}
          <p className="mt-1 border-t border-slate-100 px-2.5 pt-2 pb-1 text-xs font-medium text-slate-500">{t("snoozeUntil")}</p>
          {failed ? (
            <p className="px-2.5 py-1.5 text-sm text-red-600">{t("loadFailed")}</p>
          ) : !options ? (
            <p className="px-2.5 py-1.5 text-sm text-slate-500">{t("loading")}</p>
          ) : (
            options.map((option) => (
              <button
                key={option.preset}
                type="button"
                role="menuitem"
                className={itemClass}
                onClick={() => choose(() => onSnooze({ preset: option.preset }, option.until))}
              >
                <span>{t(`presets.${option.preset}`)}</span>
                <span className="text-xs text-slate-500">{wakeTime(new Date(option.until), new Date())}</span>
              </button>
            ))
          )}
          <form onSubmit={snoozeCustom} className="mt-1 space-y-1.5 border-t border-slate-100 px-2.5 pt-2 pb-1">
            <label htmlFor={customId} className="block text-xs font-medium text-slate-500">
              {t("custom")}
            </label>
            <div className="flex gap-1.5">
              <input
                id={customId}
                type="datetime-local"
                value={custom}
                onChange={(e) => setCustom(e.target.value)}
                className="min-w-0 flex-1 rounded-md border-0 px-2 py-1 text-sm ring-1 ring-slate-300"
                required
              />
              <Button type="submit" size="sm">
                {t("snooze")}
              </Button>
            </div>
          </form>
        </div>
      )}
    </div>
  );
}
