"use client";

import { CheckCheck, CheckCircle2, Mail, MailOpen, X } from "lucide-react";
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
import { BULK_CONFIRM_ABOVE, type ConversationFilter } from "@/lib/conversation-filter";
import { SNOOZE_PRESETS, type SnoozeOption } from "@/lib/snooze";
import type { Result } from "@/server/errors";
import type { BulkResult } from "@/server/inbox/bulk";
import type { FilterOptions } from "./filter-bar";

export type BulkSelection = { ids: string[] } | { filter: ConversationFilter; search?: string };

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
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ title: string; run: () => Promise<Result<BulkResult>> } | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const snoozeOptions = useSnoozeOptions();
  const byFilter = "filter" in selection;
  const target = selection;

  async function execute(run: () => Promise<Result<BulkResult>>, done: string) {
    setPending(true);
    setError(null);
    const result = await run();
    setPending(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    dialog.current?.close();
    onDone(`${done}: ${result.data.changed} of ${result.data.matched} conversations changed.`);
  }

  /** Runs at once, or first asks when it acts on many conversations by filter. */
  function perform(title: string, run: () => Promise<Result<BulkResult>>) {
    if (byFilter && selectedCount > BULK_CONFIRM_ABOVE) {
      setAsking({ title, run });
      dialog.current?.showModal();
    } else {
      void execute(run, title);
    }
  }

  return (
    <section
      aria-label="Bulk actions"
      className="sticky top-0 z-20 space-y-2 border-b border-brand-200 bg-brand-50 px-3 py-2 text-xs"
      data-testid="bulk-bar"
    >
      <div className="flex flex-wrap items-center gap-2">
        <p aria-live="polite" className="font-semibold text-slate-900">
          {byFilter ? `All ${selectedCount} matching selected` : `${selectedCount} selected`}
        </p>
        {/* Offered as soon as more match than are picked: the list loads as it scrolls, so "the whole page" keeps growing. */}
        {!byFilter && matchingCount !== null && matchingCount > selectedCount && (
          <button type="button" onClick={onSelectAllMatching} className="font-medium text-brand-700 hover:underline">
            Select all {matchingCount} matching
          </button>
        )}
        <button type="button" onClick={onClear} className="ml-auto inline-flex items-center gap-0.5 text-slate-600 hover:text-slate-900">
          <X className="size-3.5" aria-hidden /> Clear
        </button>
      </div>
      <div className="flex flex-wrap items-center gap-1.5">
        <Button size="sm" variant="secondary" pending={pending} onClick={() => perform("Resolved", () => bulkResolve({ target }))}>
          <CheckCircle2 className="size-3.5" aria-hidden /> Resolve
        </Button>
        <label className="sr-only" htmlFor="bulk-snooze">
          Snooze
        </label>
        <select
          id="bulk-snooze"
          className={select}
          value=""
          disabled={pending || !snoozeOptions}
          onChange={(e) => {
            const preset = SNOOZE_PRESETS.find((p) => p === e.target.value);
            if (preset) perform("Snoozed", () => bulkSnooze({ target, snooze: { preset } }));
          }}
        >
          <option value="">Snooze…</option>
          {snoozeOptions?.map((option) => (
            <option key={option.preset} value={option.preset}>
              {option.label} · {option.when}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor="bulk-assign">
          Assign to
        </label>
        <select
          id="bulk-assign"
          className={select}
          value=""
          disabled={pending}
          onChange={(e) => {
            const value = e.target.value;
            if (value) perform("Assigned", () => bulkAssign({ target, assigneeId: value === "none" ? null : value }));
          }}
        >
          <option value="">Assign…</option>
          <option value="none">Unassign</option>
          {options.members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
        {options.teams.length > 0 && (
          <>
            <label className="sr-only" htmlFor="bulk-team">
              Team
            </label>
            <select
              id="bulk-team"
              className={select}
              value=""
              disabled={pending}
              onChange={(e) => {
                const value = e.target.value;
                if (value) perform("Team changed", () => bulkSetTeam({ target, teamId: value === "none" ? null : value }));
              }}
            >
              <option value="">Team…</option>
              <option value="none">No team</option>
              {options.teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </>
        )}
        <label className="sr-only" htmlFor="bulk-label">
          Label
        </label>
        <select
          id="bulk-label"
          className={select}
          value=""
          disabled={pending || options.labels.length === 0}
          onChange={(e) => {
            const [kind, labelId] = e.target.value.split(":");
            if (!labelId) return;
            if (kind === "add") perform("Label added", () => bulkAddLabel({ target, labelId }));
            else perform("Label removed", () => bulkRemoveLabel({ target, labelId }));
          }}
        >
          <option value="">Label…</option>
          <optgroup label="Add">
            {options.labels.map((l) => (
              <option key={l.id} value={`add:${l.id}`}>
                + {l.name}
              </option>
            ))}
          </optgroup>
          <optgroup label="Remove">
            {options.labels.map((l) => (
              <option key={l.id} value={`remove:${l.id}`}>
                − {l.name}
              </option>
            ))}
          </optgroup>
        </select>
        <Button size="sm" variant="ghost" pending={pending} onClick={() => perform("Marked read", () => bulkMarkRead({ target }))}>
          <MailOpen className="size-3.5" aria-hidden /> Read
        </Button>
        <Button size="sm" variant="ghost" pending={pending} onClick={() => perform("Marked unread", () => bulkMarkUnread({ target }))}>
          <Mail className="size-3.5" aria-hidden /> Unread
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
            Change {selectedCount} conversations?
          </h2>
          <p className="text-sm text-slate-600">
            Every conversation this filter matches will be {asking?.title.toLowerCase() ?? "changed"}, including ones not loaded in the
            list. This cannot be undone in one step.
          </p>
          <FormError message={error} />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()} autoFocus>
              Cancel
            </Button>
            <Button type="button" pending={pending} onClick={() => asking && void execute(asking.run, asking.title)}>
              <CheckCheck className="size-4" aria-hidden /> Change {selectedCount}
            </Button>
          </div>
        </div>
      </dialog>
    </section>
  );
}
