"use client";

import { AlertCircle, CheckCircle2, Download, RefreshCw } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useMemo, useState, useTransition } from "react";
import { getContactImport, previewContactImport, startContactImport } from "@/app/actions/contact-imports";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CardTable } from "@/components/ui/card-table";
import { cn } from "@/components/ui/cn";
import { FormError, Select } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import type { ContactField } from "@/lib/contact-fields";
import { type DuplicateAction, IMPORT_FIELDS, type ImportMapping, type ImportTarget, type StatusMap } from "@/lib/contact-import";
import type { LeadStage } from "@/lib/lead-status";
import type { ContactImport, ImportPreview, SkippedRow, StatusValue } from "@/server/contacts/imports";

type Stage = Pick<LeadStage, "key" | "label">;

/** The select's value for "leave the status out" (a stage key is never empty). */
const SKIP_STATUS = "";

/**
 * Each status value of the file beside the stage it will set: guessed
 * (case, accents, common words like "Baru"), changed per value, or left out.
 */
function StatusValues({
  values,
  stages,
  chosen,
  onChoose,
}: {
  values: StatusValue[];
  stages: Stage[];
  chosen: StatusMap;
  onChoose: (value: string, stage: string | null) => void;
}) {
  const t = useTranslations("contacts.import.statuses");
  const format = useFormatter();
  return (
    <Card title={t("title")} description={t("description")}>
      <CardTable columns={[{ label: t("value") }, { label: t("rows") }, { label: t("stage") }]}>
        {values.map(({ value, rows, guess }) => {
          const stage = value in chosen ? chosen[value] : guess;
          return (
            <tr key={value}>
              <td className="px-5 py-2.5 font-medium text-slate-800">{value}</td>
              <td className="px-3 py-2.5 text-slate-500 tabular-nums">{format.number(rows)}</td>
              <td className="px-5 py-2">
                <Select
                  aria-label={t("stageFor", { value })}
                  value={stage ?? SKIP_STATUS}
                  onChange={(event) => onChoose(value, event.target.value || null)}
                  className="min-w-48"
                >
                  <option value={SKIP_STATUS}>{t("leaveOut")}</option>
                  {stages.map((s) => (
                    <option key={s.key} value={s.key}>
                      {s.label}
                    </option>
                  ))}
                </Select>
              </td>
            </tr>
          );
        })}
      </CardTable>
    </Card>
  );
}

type ImportView = Pick<
  ContactImport,
  | "id"
  | "file_name"
  | "headers"
  | "total_rows"
  | "status"
  | "processed_rows"
  | "created_count"
  | "updated_count"
  | "skipped_count"
  | "warned_count"
  | "error"
>;

const SECONDARY_LINK = buttonClass({ variant: "secondary" });

const OUTCOME_CLASS = { create: "text-brand-700", update: "text-sky-700", skip: "text-red-700" };

/** Step 2: which column fills which field, what to do with numbers already in the CRM, and a preview of the first rows. */
function MappingStep({
  view,
  sample,
  fields,
  stages,
  initialMapping,
  canStart,
  onStarted,
}: {
  view: ImportView;
  sample: string[];
  fields: ContactField[];
  stages: Stage[];
  initialMapping: ImportMapping;
  canStart: boolean;
  onStarted: () => void;
}) {
  const t = useTranslations("contacts.import");
  const format = useFormatter();
  const [mapping, setMapping] = useState<ImportMapping>(initialMapping);
  const [onDuplicate, setOnDuplicate] = useState<DuplicateAction>("update");
  const [statusMap, setStatusMap] = useState<StatusMap>({});
  const [overwrite, setOverwrite] = useState<ImportTarget[]>([]);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [previewing, startPreview] = useTransition();
  const { pending: starting, run } = useAction({ refresh: false, onError: setError });
  const hasPhone = mapping.includes("phone");
  // Only a column that is imported can overwrite: choosing "Don't import" drops it.
  const overwriting = useMemo(() => overwrite.filter((target) => mapping.includes(target)), [overwrite, mapping]);
  const choices = useMemo(
    () => ({ mapping, onDuplicate, statusMap, overwrite: onDuplicate === "update" ? overwriting : [] }),
    [mapping, onDuplicate, statusMap, overwriting],
  );

  useEffect(() => {
    if (!mapping.includes("phone")) {
      setPreview(null);
      return;
    }
    startPreview(async () => {
      const result = await previewContactImport({ importId: view.id, ...choices });
      if (result.ok) {
        setPreview(result.data);
        setError(null);
      } else setError(result.error.message);
    });
  }, [view.id, choices]);

  function choose(column: number, target: ImportTarget) {
    // A field fills from one column: choosing it here frees it elsewhere.
    setMapping((current) => current.map((t, i) => (i === column ? target : t === target && target ? "" : t)));
  }

  function start() {
    run(() => startContactImport({ importId: view.id, ...choices }), onStarted);
  }

  const mapped = mapping.map((target, i) => ({ target, i })).filter(({ target }) => target);
  // Fields an existing contact may already have a value in (tags are always added, the phone is how it is found).
  const overwritable = mapped.map(({ target }) => target).filter((target) => target !== "phone" && target !== "tags");
  const rows = preview?.rows;
  // Nothing would be imported: starting would only fill the report with skips.
  const allSkipped = rows !== undefined && rows.length > 0 && rows.every((row) => row.outcome === "skip");
  const targetLabel = (target: ImportTarget) =>
    target.startsWith("custom:")
      ? (fields.find((f) => `custom:${f.key}` === target)?.label ?? target)
      : t(`fields.${target as (typeof IMPORT_FIELDS)[number]}`);

  return (
    <div className="space-y-6">
      <Card title={t("columns.title")} description={t("columns.description")}>
        <CardTable
          columns={[
            { label: t("columns.column") },
            { label: t("columns.example"), className: "hidden sm:table-cell" },
            { label: t("columns.field") },
          ]}
        >
          {view.headers.map((name, i) => {
            const header = name || t("columns.unnamed", { number: i + 1 });
            return (
              <tr key={`${header}-${i}`}>
                <td className="px-5 py-2.5 font-medium text-slate-800">{header}</td>
                <td className="hidden max-w-56 truncate px-3 py-2.5 text-slate-500 sm:table-cell">{sample[i] || "—"}</td>
                <td className="px-5 py-2">
                  <Select
                    aria-label={t("columns.fieldFor", { header })}
                    value={mapping[i] ?? ""}
                    onChange={(event) => choose(i, event.target.value as ImportTarget)}
                    className="min-w-48"
                  >
                    <option value="">{t("columns.skip")}</option>
                    {IMPORT_FIELDS.map((field) => (
                      <option key={field} value={field}>
                        {t(`fields.${field}`)}
                      </option>
                    ))}
                    {fields.length > 0 && (
                      <optgroup label={t("columns.customFields")}>
                        {fields.map((field) => (
                          <option key={field.key} value={`custom:${field.key}`}>
                            {field.label}
                          </option>
                        ))}
                      </optgroup>
                    )}
                  </Select>
                </td>
              </tr>
            );
          })}
        </CardTable>
        <fieldset className="mt-5 space-y-2">
          <legend className="text-sm font-medium text-slate-700">{t("duplicates.legend")}</legend>
          {(["update", "skip"] as const).map((value) => (
            <label key={value} className="flex items-start gap-2 text-sm">
              <input
                type="radio"
                name="on-duplicate"
                value={value}
                checked={onDuplicate === value}
                onChange={() => setOnDuplicate(value)}
                className="mt-0.5 accent-brand-600"
              />
              <span>
                <span className="font-medium text-slate-800">{t(`duplicates.${value}.label`)}</span>
                <span className="block text-slate-500">{t(`duplicates.${value}.hint`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {onDuplicate === "update" && overwritable.length > 0 && (
          <fieldset className="mt-4 space-y-2">
            <legend className="text-sm font-medium text-slate-700">{t("duplicates.overwrite")}</legend>
            <div className="flex flex-wrap gap-x-5 gap-y-2">
              {overwritable.map((target) => (
                <label key={target} className="flex items-center gap-2 text-sm text-slate-700">
                  <input
                    type="checkbox"
                    checked={overwriting.includes(target)}
                    onChange={(event) =>
                      setOverwrite((current) => (event.target.checked ? [...current, target] : current.filter((t) => t !== target)))
                    }
                    className="size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600"
                  />
                  {targetLabel(target)}
                </label>
              ))}
            </div>
          </fieldset>
        )}
      </Card>

      {preview && preview.statusValues.length > 0 && (
        <StatusValues
          values={preview.statusValues}
          stages={stages}
          chosen={statusMap}
          onChoose={(value, stage) => setStatusMap((current) => ({ ...current, [value]: stage }))}
        />
      )}

      <Card
        title={t("preview.title")}
        description={
          rows
            ? t("preview.description", { shown: rows.length, total: view.total_rows })
            : t("preview.descriptionLoading", { total: view.total_rows })
        }
      >
        {!hasPhone ? (
          <p className="text-sm text-slate-500">{t("preview.needPhone")}</p>
        ) : !rows ? (
          <p className="text-sm text-slate-500" aria-live="polite">
            {t("preview.checking")}
          </p>
        ) : (
          <div className={cn("transition-opacity", previewing && "opacity-60")} aria-busy={previewing}>
            <CardTable
              columns={[
                { label: t("preview.row") },
                ...mapped.map(({ target }) => ({ label: targetLabel(target) })),
                { label: t("preview.result") },
              ]}
            >
              {rows.map((row) => (
                <tr key={row.rowNumber} data-testid="preview-row" className={row.outcome === "skip" ? "bg-red-50/50" : undefined}>
                  <td className="px-5 py-2 text-slate-500 tabular-nums">{row.rowNumber}</td>
                  {mapped.map(({ i }) => (
                    <td key={i} className="max-w-48 truncate px-3 py-2 text-slate-700">
                      {row.cells[i]}
                    </td>
                  ))}
                  <td className="px-5 py-2">
                    <span className={cn("font-medium", OUTCOME_CLASS[row.outcome])}>{t(`preview.outcome.${row.outcome}`)}</span>
                    {row.reason && <span className="block text-xs text-red-700">{row.reason}</span>}
                    {row.changes.length > 0 && (
                      <span className="block text-xs text-sky-800">
                        {t("preview.changes", {
                          name: row.contactName ?? t("preview.theContact"),
                          changes: format.list(row.changes, { type: "unit" }),
                        })}
                      </span>
                    )}
                    {row.warnings.map((warning) => (
                      <span key={warning} className="block text-xs text-amber-700">
                        {warning}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </CardTable>
          </div>
        )}
      </Card>

      <FormError message={error} />
      {allSkipped && (
        <p role="status" className="text-sm text-red-700">
          {t("allSkipped")}
        </p>
      )}
      <div className="flex flex-wrap items-center justify-end gap-3">
        {!canStart && <p className="text-sm text-slate-500">{t("onlyUploader")}</p>}
        <Link href="/contacts/import" className={SECONDARY_LINK}>
          {t("anotherFile")}
        </Link>
        <Button onClick={start} pending={starting} disabled={!hasPhone || !canStart || !rows || allSkipped || previewing}>
          {t("start", { count: view.total_rows })}
        </Button>
      </div>
    </div>
  );
}

function Stat({ label, value, tone }: { label: string; value: number; tone: string }) {
  const format = useFormatter();
  return (
    <div className="rounded-lg bg-slate-50 px-4 py-3 ring-1 ring-slate-200">
      <dt className="text-xs font-medium text-slate-500 uppercase">{label}</dt>
      <dd className={cn("mt-1 text-2xl font-semibold tabular-nums", tone)}>{format.number(value)}</dd>
    </div>
  );
}

/** Step 3: the job's progress, polled each second, then the report. */
function ProgressStep({ initial }: { initial: ImportView }) {
  const t = useTranslations("contacts.import.progress");
  const [view, setView] = useState<ImportView>(initial);
  const [skipped, setSkipped] = useState<SkippedRow[]>([]);
  const finished = view.status === "done" || view.status === "failed";

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll() {
      const result = await getContactImport({ importId: initial.id });
      if (stopped) return;
      if (result.ok) {
        setView(result.data.import);
        setSkipped(result.data.skipped);
        if (result.data.import.status === "done" || result.data.import.status === "failed") return;
      }
      timer = setTimeout(poll, 1000);
    }
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [initial.id]);

  const percent = view.total_rows === 0 ? 100 : Math.floor((view.processed_rows / view.total_rows) * 100);
  return (
    <div className="space-y-6">
      <Card title={finished ? t("report") : t("importing")} description={view.file_name}>
        <div className="space-y-2">
          <div className="flex items-center justify-between text-sm">
            <span className="text-slate-700" aria-live="polite">
              {view.status === "queued" ? t("waiting") : t("rows", { processed: view.processed_rows, total: view.total_rows })}
            </span>
            <span className="font-medium text-slate-900 tabular-nums">{percent}%</span>
          </div>
          <div
            role="progressbar"
            aria-label={t("label")}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="h-2.5 overflow-hidden rounded-full bg-slate-100"
          >
            <div
              className={cn(
                "h-full rounded-full transition-[width] duration-500",
                view.status === "failed" ? "bg-red-500" : "bg-brand-600",
              )}
              style={{ width: `${percent}%` }}
            />
          </div>
        </div>
        <dl className="mt-5 grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Stat label={t("created")} value={view.created_count} tone="text-brand-700" />
          <Stat label={t("updated")} value={view.updated_count} tone="text-sky-700" />
          <Stat label={t("skipped")} value={view.skipped_count} tone={view.skipped_count ? "text-red-700" : "text-slate-900"} />
          <Stat label={t("warned")} value={view.warned_count} tone={view.warned_count ? "text-amber-700" : "text-slate-900"} />
        </dl>
        {view.status === "done" && (
          <p className="mt-4 flex items-center gap-2 text-sm text-brand-700">
            <CheckCircle2 className="size-4" aria-hidden /> {t("finished")}
            <Link href="/contacts?sort=created&dir=desc" className="font-medium underline">
              {t("seeContacts")}
            </Link>
          </p>
        )}
        {view.status === "failed" && (
          <p role="alert" className="mt-4 flex items-center gap-2 text-sm text-red-700">
            <AlertCircle className="size-4" aria-hidden /> {view.error}
          </p>
        )}
      </Card>

      {finished && view.skipped_count + view.warned_count > 0 && (
        <Card
          title={t("problems.title")}
          description={
            view.skipped_count + view.warned_count > skipped.length
              ? t("problems.firstOf", { shown: skipped.length, total: view.skipped_count + view.warned_count })
              : t("problems.fix")
          }
        >
          <div className="mb-3 flex justify-end">
            <a href={`/contacts/import/${view.id}/skipped`} download className={buttonClass({ variant: "secondary", size: "sm" })}>
              <Download className="size-3.5" aria-hidden /> {t("problems.download")}
            </a>
          </div>
          <CardTable columns={[{ label: t("problems.row") }, { label: t("problems.result") }, { label: t("problems.reason") }]}>
            {skipped.map((row) => (
              <tr key={row.row_number} data-testid={row.imported ? "warned-row" : "skipped-row"}>
                <td className="px-5 py-2 text-slate-500 tabular-nums">{row.row_number}</td>
                <td className={cn("px-3 py-2 font-medium", row.imported ? "text-amber-700" : "text-red-700")}>
                  {row.imported ? t("problems.imported") : t("skipped")}
                </td>
                <td className="px-5 py-2 text-slate-700">{row.reason}</td>
              </tr>
            ))}
          </CardTable>
        </Card>
      )}
      {finished && (
        <div className="flex justify-end">
          <Link href="/contacts/import" className={SECONDARY_LINK}>
            <RefreshCw className="size-4" aria-hidden /> {t("another")}
          </Link>
        </div>
      )}
    </div>
  );
}

/** An import, from mapping its columns to its report. */
export function ContactImportFlow(props: {
  view: ImportView;
  sample: string[];
  fields: ContactField[];
  stages: Stage[];
  initialMapping: ImportMapping;
  canStart: boolean;
}) {
  const [started, setStarted] = useState(props.view.status !== "draft");
  if (!started) return <MappingStep {...props} onStarted={() => setStarted(true)} />;
  return <ProgressStep initial={{ ...props.view, status: props.view.status === "draft" ? "queued" : props.view.status }} />;
}
