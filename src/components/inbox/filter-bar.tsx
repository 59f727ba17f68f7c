"use client";

import { ListFilter, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { cn } from "@/components/ui/cn";
import { type ConversationFilter, compactFilter, DEFAULT_FILTER, refinementCount } from "@/lib/conversation-filter";
import { CONVERSATION_STATUSES } from "@/lib/conversation-status";
import type { LabelColor } from "@/lib/label-colors";
import { LabelChip } from "./label-chip";

/** What the filter's pickers offer, loaded with the inbox. */
export interface FilterOptions {
  members: { id: string; name: string }[];
  teams: { id: string; name: string }[];
  labels: { id: string; name: string; color: LabelColor }[];
  channels: { id: string; name: string }[];
  stages: { key: string; label: string }[];
  fields: { key: string; label: string }[];
}

const small =
  "block w-full rounded-md border-0 bg-white py-1.5 pr-7 pl-2 text-xs text-slate-900 ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-600 focus:outline-none";

/** A day typed in a date input, as the instant its local midnight is. */
const dayToIso = (day: string) => (day ? new Date(`${day}T00:00:00`).toISOString() : undefined);
const isoToDay = (iso: string | undefined) => {
  if (!iso) return "";
  const date = new Date(iso);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
};

/**
 * The list's filter: status tabs (the status part of the filter), and a
 * panel for everything else the filter model holds. Every change goes to
 * the URL at once (useInboxFilter), which the list follows.
 */
export function FilterBar({
  filter,
  onChange,
  options,
}: {
  filter: ConversationFilter;
  onChange: (filter: ConversationFilter) => void;
  options: FilterOptions;
}) {
  const t = useTranslations("inbox.filter");
  const tStatus = useTranslations("inbox.statuses");
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const refinements = refinementCount(filter);
  const set = (patch: Partial<ConversationFilter>) => onChange(compactFilter({ ...filter, ...patch }));
  const statusKey = filter.status?.join(",") ?? "any";
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-1">
        <div className="flex min-w-0 flex-1 flex-wrap gap-1" role="tablist" aria-label={t("status")}>
          {[
            ...CONVERSATION_STATUSES.map((status) => ({ key: status, label: tStatus(status), status: [status] })),
            { key: "any", label: t("all"), status: undefined },
          ].map((tab) => (
            <button
              key={tab.key}
              type="button"
              role="tab"
              aria-selected={statusKey === tab.key}
              onClick={() => set({ status: tab.status })}
              className={cn(
                "shrink-0 rounded-full px-2.5 py-1 text-xs font-medium transition-colors",
                statusKey === tab.key ? "bg-brand-700 text-white" : "bg-slate-100 text-slate-600 hover:bg-slate-200",
              )}
            >
              {tab.label}
            </button>
          ))}
        </div>
        <button
          type="button"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          aria-controls={panelId}
          className={cn(
            "inline-flex shrink-0 items-center gap-1 rounded-md px-2 py-1 text-xs font-medium",
            refinements ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100",
          )}
        >
          <ListFilter className="size-3.5" aria-hidden /> {t("filters")}
          {refinements > 0 && <span className="rounded-full bg-brand-700 px-1.5 text-[10px] text-white">{refinements}</span>}
        </button>
      </div>
      {filter.labelIds && (
        <ul aria-label={t("filteredByLabels")} className="flex flex-wrap gap-1">
          {filter.labelIds.map((id) => {
            const label = options.labels.find((l) => l.id === id);
            return (
              <li key={id} className="inline-flex items-center">
                <LabelChip name={label?.name ?? t("deletedLabel")} color={label?.color ?? "slate"} />
                <button
                  type="button"
                  aria-label={t("removeLabel", { name: label?.name ?? "" })}
                  onClick={() =>
                    set({ labelIds: filter.labelIds?.filter((l) => l !== id).length ? filter.labelIds.filter((l) => l !== id) : undefined })
                  }
                  className="rounded p-0.5 text-slate-400 hover:text-slate-700"
                >
                  <X className="size-3" aria-hidden />
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {open && (
        <FilterPanel
          id={panelId}
          filter={filter}
          set={set}
          options={options}
          onClear={() => onChange({ status: filter.status ?? DEFAULT_FILTER.status })}
        />
      )}
    </div>
  );
}

/** The panel of refinements beyond the status (exported for its tests). */
export function FilterPanel({
  id,
  filter,
  set,
  options,
  onClear,
}: {
  id: string;
  filter: ConversationFilter;
  set: (patch: Partial<ConversationFilter>) => void;
  options: FilterOptions;
  onClear: () => void;
}) {
  const t = useTranslations("inbox.filter");
  const ids = useId();
  // The field is chosen first and filters once a value is typed.
  const [fieldKey, setFieldKey] = useState(filter.field?.key ?? "");
  return (
    <section id={id} aria-label={t("more")} className="grid grid-cols-2 gap-2 rounded-md bg-slate-50 p-2 text-xs">
      <label className="space-y-0.5">
        <span className="text-slate-600">{t("assignedTo")}</span>
        <select className={small} value={filter.assignee ?? ""} onChange={(e) => set({ assignee: e.target.value || undefined })}>
          <option value="">{t("anyone")}</option>
          <option value="me">{t("me")}</option>
          <option value="none">{t("nobody")}</option>
          {options.members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      {options.teams.length > 0 && (
        <label className="space-y-0.5">
          <span className="text-slate-600">{t("team")}</span>
          <select
            className={small}
            value={filter.teamId ?? ""}
            onChange={(e) =>
              set({ teamId: e.target.value === "none" ? "none" : options.teams.find((team) => team.id === e.target.value)?.id })
            }
          >
            <option value="">{t("anyTeam")}</option>
            <option value="none">{t("noTeam")}</option>
            {options.teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="space-y-0.5">
        <span className="text-slate-600">{t("label")}</span>
        <select
          className={small}
          value=""
          onChange={(e) => e.target.value && set({ labelIds: [...new Set([...(filter.labelIds ?? []), e.target.value])] })}
        >
          <option value="">{t("addLabel")}</option>
          {options.labels
            .filter((l) => !filter.labelIds?.includes(l.id))
            .map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
        </select>
      </label>
      <label className="space-y-0.5">
        <span className="text-slate-600">{t("number")}</span>
        <select className={small} value={filter.channelId ?? ""} onChange={(e) => set({ channelId: e.target.value || undefined })}>
          <option value="">{t("anyNumber")}</option>
          {options.channels.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label className="space-y-0.5">
        <span className="text-slate-600">{t("inactiveDays")}</span>
        <input
          type="number"
          min={1}
          max={3650}
          className={small}
          value={filter.inactiveDays ?? ""}
          onChange={(e) => {
            const days = Number(e.target.value);
            set({ inactiveDays: Number.isInteger(days) && days >= 1 && days <= 3650 ? days : undefined });
          }}
        />
      </label>
      <label className="space-y-0.5">
        <span className="text-slate-600">{t("activeAfter")}</span>
        <input
          type="date"
          className={small}
          value={isoToDay(filter.activeAfter)}
          onChange={(e) => set({ activeAfter: dayToIso(e.target.value) })}
        />
      </label>
      <label className="space-y-0.5">
        <span className="text-slate-600">{t("activeBefore")}</span>
        <input
          type="date"
          className={small}
          value={isoToDay(filter.activeBefore)}
          onChange={(e) => set({ activeBefore: dayToIso(e.target.value) })}
        />
      </label>
      <label className="space-y-0.5">
        <span className="text-slate-600">{t("stage")}</span>
        <select className={small} value={filter.leadStage ?? ""} onChange={(e) => set({ leadStage: e.target.value || undefined })}>
          <option value="">{t("anyStage")}</option>
          {options.stages.map((s) => (
            <option key={s.key} value={s.key}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label className="space-y-0.5">
        <span className="text-slate-600">{t("tag")}</span>
        <input
          className={small}
          defaultValue={filter.tag ?? ""}
          key={filter.tag ?? ""}
          placeholder={t("tagPlaceholder")}
          onBlur={(e) => set({ tag: e.target.value.trim().slice(0, 50) || undefined })}
          onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()}
        />
      </label>
      {options.fields.length > 0 && (
        <div className="col-span-2 grid grid-cols-2 gap-2">
          <label className="space-y-0.5" htmlFor={`${ids}-field`}>
            <span className="text-slate-600">{t("field")}</span>
            <select
              id={`${ids}-field`}
              className={small}
              value={fieldKey}
              onChange={(e) => {
                setFieldKey(e.target.value);
                set({ field: e.target.value && filter.field?.value ? { key: e.target.value, value: filter.field.value } : undefined });
              }}
            >
              <option value="">{t("noField")}</option>
              {options.fields.map((f) => (
                <option key={f.key} value={f.key}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
          <label className="space-y-0.5">
            <span className="text-slate-600">{t("equals")}</span>
            <input
              className={small}
              disabled={!fieldKey}
              defaultValue={filter.field?.value ?? ""}
              key={`${fieldKey}:${filter.field?.value ?? ""}`}
              onBlur={(e) =>
                fieldKey &&
                set({ field: e.target.value.trim() ? { key: fieldKey, value: e.target.value.trim().slice(0, 200) } : undefined })
              }
              onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()}
            />
          </label>
        </div>
      )}
      <label className="flex items-center gap-1.5">
        <input type="checkbox" checked={filter.unread === true} onChange={(e) => set({ unread: e.target.checked || undefined })} />
        <span className="text-slate-700">{t("unread")}</span>
      </label>
      <label className="flex items-center gap-1.5">
        <input type="checkbox" checked={filter.needsHuman === true} onChange={(e) => set({ needsHuman: e.target.checked || undefined })} />
        <span className="text-slate-700">{t("needsHuman")}</span>
      </label>
      <button type="button" onClick={onClear} className="col-span-2 justify-self-end text-xs font-medium text-brand-700 hover:underline">
        {t("clear")}
      </button>
    </section>
  );
}
