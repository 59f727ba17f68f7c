"use client";

import { CheckCheck, CheckCircle2, Mail, MailOpen, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import {
  bulkAddLabel,
  bulkAssign,
  bulkMarkRead,
  bulkMarkUnread,
  bulkRemoveLabel,
  bulkResolve,
  bulkSetTeam,
  bulkSnooze,
} from "@/app/actions/bulk";
import { getSnoozeOptions } from "@/app/actions/inbox";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useWakeTime } from "@/components/ui/use-times";
import { BULK_CONFIRM_ABOVE, type ConversationFilter } from "@/lib/conversation-filter";
import { SNOOZE_PRESETS, type SnoozeOption } from "@/lib/snooze";
import type { Result } from "@/server/errors";
import type { BulkResult } from "@/server/inbox/bulk";
import type { FilterOptions } from "./filter-bar";

export type BulkSelection = { ids: string[] } | { filter: ConversationFilter; search?: string };

/** What an operation does, naming its confirmation and its outcome in the catalogue. */
type Operation = "resolved" | "snoozed" | "assigned" | "teamChanged" | "labelAdded" | "labelRemoved" | "markedRead" | "markedUnread";

/**
 * The snooze presets with their wake times on the workspace's clock (its
 * time zone and business hours), asked from the server as the thread's
 * snooze menu does; the server computes the chosen preset again when it snoozes.
 */
function useSnoozeOptions() {
  const [options, setOptions] = useState<SnoozeOption[] | null>(null);
  useEffect(() => {
    let stale = false;
    void getSnoozeOptions({}).then((result) => {
      if (!stale && result.ok) setOptions(result.data);
    });
    return () => {
      stale = true;
    };
  }, []);
  return options;
}

const select =
  "rounded-md border-0 bg-white py-1 pr-7 pl-2 text-xs text-slate-800 ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-600 focus:outline-none";

/**
 * The sticky bar above the list while rows are picked: how many, "select
 * all N matching", and the operations. Each runs one Server Action; an
 * operation on more than BULK_CONFIRM_ABOVE conversations by filter asks
 * first, since there is no undo.
 */
export function BulkBar({
  selection,
  selectedCount,
  matchingCount,
  onSelectAllMatching,
  onClear,
  onDone,
  options,
}: {
  selection: BulkSelection;
  /** Rows picked, or the matching count when "all matching" is on. */
  selectedCount: number;
  /** How many the filter matches (null while unknown). */
  matchingCount: number | null;
  onSelectAllMatching: () => void;
  onClear: () => void;
  onDone: (message: string) => void;
  options: Pick<FilterOptions, "members" | "teams" | "labels">;
}) {
  const t = useTranslations("inbox.bulk");
  const tPresets = useTranslations("inbox.statusMenu.presets");
  const wakeTime = useWakeTime();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ operation: Operation; run: () => Promise<Result<BulkResult>> } | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const snoozeOptions = useSnoozeOptions();
  const byFilter = "filter" in selection;
  const target = selection;

  async function execute(run: () => Promise<Result<BulkResult>>, operation: Operation) {
    setPending(true);
    setError(null);
    const result = await run();
    setPending(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    dialog.current?.close();
    onDone(t(`done.${operation}`, { changed: result.data.changed, matched: result.data.matched }));
  }

  /** Runs at once, or first asks when it acts on many conversations by filter. */
  function perform(operation: Operation, run: () => Promise<Result<BulkResult>>) {
    if (byFilter && selectedCount > BULK_CONFIRM_ABOVE) {
      setAsking({ operation, run });
      dialog.current?.showModal();
    } else {
      void execute(run, operation);
    }
  }

  return (
    <section
      aria-label={t("label")}
      className="sticky top-0 z-20 space-y-2 border-b border-brand-200 bg-brand-50 px-3 py-2 text-xs"
      data-testid="bulk-bar"
    >
      <div className="flex flex-wrap items-center gap-2">
        <p aria-live="polite" className="font-semibold text-slate-900">
          {byFilter ? t("allSelected", { count: selectedCount }) : t("selected", { count: selectedCount })}
        </p>
        {/* Offered as soon as more match than are picked: the list loads as it scrolls, so "the whole page" keeps growing. */}
        {!byFilter && matchingCount !== null && matchingCount > selectedCount && (
          <button type="button" onClick={onSelectAllMatching} className="font-medium text-brand-700 hover:underline">
            {t("selectAll", { count: matchingCount })}
          </button>
        )}
        <button type="button" onClick={onClear} className="ml-auto inline-flex items-center gap-0.5 text-slate-600 hover:text-slate-900">
          <X className="size-3.5" aria-hidden /> {t("clear")}
        </button>
      </div>
      <div className="flex flex-wrap items-center gap-1.5">
        <Button size="sm" variant="secondary" pending={pending} onClick={() => perform("resolved", () => bulkResolve({ target }))}>
          <CheckCircle2 className="size-3.5" aria-hidden /> {t("resolve")}
        </Button>
        <label className="sr-only" htmlFor="bulk-snooze">
          {t("snooze")}
        </label>
        <select
          id="bulk-snooze"
          className={select}
          value=""
          disabled={pending || !snoozeOptions}
          onChange={(e) => {
            const preset = SNOOZE_PRESETS.find((p) => p === e.target.value);
            if (preset) perform("snoozed", () => bulkSnooze({ target, snooze: { preset } }));
          }}
        >
          <option value="">{t("snoozeChoose")}</option>
          {snoozeOptions?.map((option) => (
            <option key={option.preset} value={option.preset}>
              {t("snoozeOption", { preset: tPresets(option.preset), when: wakeTime(new Date(option.until), new Date()) })}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor="bulk-assign">
          {t("assignTo")}
        </label>
        <select
          id="bulk-assign"
          className={select}
          value=""
          disabled={pending}
          onChange={(e) => {
            const value = e.target.value;
            if (value) perform("assigned", () => bulkAssign({ target, assigneeId: value === "none" ? null : value }));
          }}
        >
          <option value="">{t("assignChoose")}</option>
          <option value="none">{t("unassign")}</option>
          {options.members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
        {options.teams.length > 0 && (
          <>
            <label className="sr-only" htmlFor="bulk-team">
              {t("team")}
            </label>
            <select
              id="bulk-team"
              className={select}
              value=""
              disabled={pending}
              onChange={(e) => {
                const value = e.target.value;
                if (value) perform("teamChanged", () => bulkSetTeam({ target, teamId: value === "none" ? null : value }));
              }}
            >
              <option value="">{t("teamChoose")}</option>
              <option value="none">{t("noTeam")}</option>
              {options.teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </>
        )}
        <label className="sr-only" htmlFor="bulk-label">
          {t("labelSelect")}
        </label>
        <select
          id="bulk-label"
          className={select}
          value=""
          disabled={pending || options.labels.length === 0}
          onChange={(e) => {
            const [kind, labelId] = e.target.value.split(":");
            if (!labelId) return;
            if (kind === "add") perform("labelAdded", () => bulkAddLabel({ target, labelId }));
            else perform("labelRemoved", () => bulkRemoveLabel({ target, labelId }));
          }}
        >
          <option value="">{t("labelChoose")}</option>
          <optgroup label={t("add")}>
            {options.labels.map((l) => (
              <option key={l.id} value={`add:${l.id}`}>
                {t("addLabel", { name: l.name })}
              </option>
            ))}
          </optgroup>
          <optgroup label={t("remove")}>
            {options.labels.map((l) => (
              <option key={l.id} value={`remove:${l.id}`}>
                {t("removeLabel", { name: l.name })}
              </option>
            ))}
          </optgroup>
        </select>
        <Button size="sm" variant="ghost" pending={pending} onClick={() => perform("markedRead", () => bulkMarkRead({ target }))}>
          <MailOpen className="size-3.5" aria-hidden /> {t("read")}
        </Button>
        <Button size="sm" variant="ghost" pending={pending} onClick={() => perform("markedUnread", () => bulkMarkUnread({ target }))}>
          <Mail className="size-3.5" aria-hidden /> {t("unread")}
        </Button>
      </div>
      <FormError message={error} />
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        onClose={() => setAsking(null)}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/30"
      >
        <div className="space-y-4 p-5">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            {t("confirmTitle", { count: selectedCount })}
          </h2>
          <p className="text-sm text-slate-600">{t(`confirm.${asking?.operation ?? "changed"}`)}</p>
          <FormError message={error} />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()} autoFocus>
              {t("cancel")}
            </Button>
            <Button type="button" pending={pending} onClick={() => asking && void execute(asking.run, asking.operation)}>
              <CheckCheck className="size-4" aria-hidden /> {t("confirmButton", { count: selectedCount })}
            </Button>
          </div>
        </div>
      </dialog>
    </section>
  );
}
