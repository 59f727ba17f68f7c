"use client";

import { FileUp, Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useId, useMemo, useState } from "react";
import { createBroadcast, previewBroadcastAudience, readBroadcastCsv } from "@/app/actions/broadcasts";
import { MemberOptions, StageOptions } from "@/components/contacts/options";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { useMediaProblemText } from "@/components/ui/use-media-problem";
import {
  type AudienceFilter,
  CONTACT_PARAMETER_FIELDS,
  type ContactParameterField,
  type ParameterMapping,
  type ParameterSource,
} from "@/lib/broadcasts";
import type { LeadStage } from "@/lib/lead-status";
import { parseWallTime } from "@/lib/snooze";
import { headerMediaProblem, type TemplateComponent, type TemplateParameter, templateHeaderMedia } from "@/lib/templates";
import { MEDIA_RULES } from "@/lib/whatsapp-media";

interface Template {
  id: string;
  name: string;
  language: string;
  category: string | null;
  body: string;
  parameters: TemplateParameter[];
  components: TemplateComponent[];
}

interface CsvNumbers {
  phones: string[];
  invalid: string[];
  duplicates: number;
}

interface Preview {
  size: { total: number; optedOut: number; noPhone: number; sendable: number };
  sample: { recipient: string; text: string } | null;
}

/** One placeholder's choice in the form: the source's kind, the field or key, and the text (fallback or literal). */
interface SlotChoice {
  kind: "contact" | "custom" | "literal";
  field: string;
  text: string;
}

const slotKey = (s: TemplateParameter) => s.id;

/** The mapping the server takes: only slots whose choice is complete. */
function toMapping(choices: Record<string, SlotChoice>): ParameterMapping {
  const mapping: ParameterMapping = {};
  for (const [slot, c] of Object.entries(choices)) {
    const text = c.text.trim();
    if (!text) continue;
    const source: ParameterSource =
      c.kind === "literal"
        ? { source: "literal", value: text }
        : c.kind === "contact"
          ? { source: "contact", field: c.field as ContactParameterField, fallback: text }
          : { source: "custom", key: c.field, fallback: text };
    mapping[slot] = source;
  }
  return mapping;
}

/**
 * The new broadcast, on one page: number and template, what fills each
 * placeholder, the audience (a filter, a CSV, or both) with its size and
 * the opted-out it leaves out, a sample message, and when to send.
 */
export function BroadcastWizard(props: {
  channels: { id: string; label: string }[];
  templates: Record<string, Template[]>;
  stages: LeadStage[];
  tags: string[];
  members: { id: string; name: string }[];
  fields: { key: string; label: string }[];
  timeZone: string;
}) {
  const t = useTranslations("broadcasts.wizard");
  const mediaProblemText = useMediaProblemText();
  const format = useFormatter();
  const router = useRouter();
  const ids = useId();
  const [name, setName] = useState("");
  const [channelId, setChannelId] = useState(props.channels[0]?.id ?? "");
  const templates = props.templates[channelId] ?? [];
  const [templateId, setTemplateId] = useState("");
  const template = templates.find((candidate) => candidate.id === templateId) ?? null;
  const [choices, setChoices] = useState<Record<string, SlotChoice>>({});
  const [useFilter, setUseFilter] = useState(true);
  const [filter, setFilter] = useState<AudienceFilter>({});
  const [customKey, setCustomKey] = useState("");
  const [customValue, setCustomValue] = useState("");
  const [csv, setCsv] = useState<(CsvNumbers & { fileName: string }) | null>(null);
  const [when, setWhen] = useState<"now" | "later" | "draft">("now");
  const [at, setAt] = useState("");
  const [timeError, setTimeError] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [headerFile, setHeaderFile] = useState<File | null>(null);
  const [headerError, setHeaderError] = useState<string | null>(null);
  const headerKind = template ? templateHeaderMedia(template.components) : null;
  const upload = useAction({ refresh: false });
  const create = useAction({ refresh: false });

  const chooseTemplate = (id: string) => {
    setTemplateId(id);
    setHeaderFile(null);
    setHeaderError(null);
    const next = templates.find((candidate) => candidate.id === id);
    // Defaults: the first placeholder greets by first name; the rest wait for a choice.
    setChoices(
      Object.fromEntries(
        (next?.parameters ?? []).map((s, i) => [
          slotKey(s),
          i === 0
            ? { kind: "contact", field: "first_name", text: t("defaultGreeting") }
            : { kind: "literal", field: "", text: s.example ?? "" },
        ]),
      ),
    );
  };

  const audienceFilter = useMemo<AudienceFilter | null>(() => {
    if (!useFilter) return null;
    const custom = customKey && customValue.trim() ? [{ key: customKey, value: customValue.trim() }] : undefined;
    return { ...filter, custom };
  }, [useFilter, filter, customKey, customValue]);
  const mapping = useMemo(() => toMapping(choices), [choices]);
  const phones = csv?.phones ?? [];

  // The size and the sample follow the form, a moment after the last change.
  useEffect(() => {
    if (!audienceFilter && phones.length === 0) {
      setPreview(null);
      return;
    }
    let current = true;
    const timer = setTimeout(async () => {
      const result = await previewBroadcastAudience({
        filter: audienceFilter,
        phones,
        templateId: templateId || null,
        parameters: mapping,
      });
      if (!current) return;
      if (result.ok) {
        setPreview(result.data);
        setPreviewError(null);
      } else setPreviewError(result.error.message);
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [audienceFilter, phones, templateId, mapping]);

  const setPart = <K extends keyof AudienceFilter>(key: K, value: AudienceFilter[K] | undefined) =>
    setFilter((f) => ({ ...f, [key]: value }));

  const submit = () => {
    const start = when === "now" ? "now" : when === "draft" ? "draft" : parseWallTime(at, props.timeZone)?.toISOString();
    setTimeError(start ? null : t("chooseTime"));
    const mediaProblem =
      template && headerMediaProblem(template.components, headerFile && { mimeType: headerFile.type, size: headerFile.size });
    setHeaderError(mediaProblem ? mediaProblemText(mediaProblem) : null);
    if (!start || mediaProblem) return;
    create.run(
      () =>
        createBroadcast({
          name,
          channelId,
          templateId,
          parameters: mapping,
          filter: audienceFilter,
          phones,
          invalid: csv?.invalid ?? [],
          duplicates: csv?.duplicates ?? 0,
          start,
          headerMedia: headerKind ? headerFile : null,
        }),
      (created) => router.push(`/broadcasts/${created.id}`),
    );
  };

  if (props.channels.length === 0) {
    return <p className="rounded-xl bg-white p-6 text-sm text-slate-600 ring-1 ring-slate-200">{t("noNumber")}</p>;
  }

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Card title={t("message")} description={t("messageDescription")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <Field label={t("name")} htmlFor={`${ids}-name`} hint={t("nameHint")}>
              <Input id={`${ids}-name`} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={120} required />
            </Field>
          </div>
          <Field label={t("number")} htmlFor={`${ids}-channel`}>
            <Select
              id={`${ids}-channel`}
              value={channelId}
              onChange={(e) => {
                setChannelId(e.currentTarget.value);
                chooseTemplate("");
              }}
            >
              {props.channels.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t("template")} htmlFor={`${ids}-template`} hint={templates.length === 0 ? t("noTemplate") : undefined}>
            <Select id={`${ids}-template`} value={templateId} onChange={(e) => chooseTemplate(e.currentTarget.value)} required>
              <option value="">{t("chooseTemplate")}</option>
              {templates.map((option) => (
                <option key={option.id} value={option.id}>
                  {t("templateOption", { name: option.name, language: option.language, category: option.category ?? "none" })}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        {template && (
          <div className="mt-4 space-y-3">
            <p className="rounded-lg bg-slate-50 p-3 text-sm whitespace-pre-wrap text-slate-700 ring-1 ring-slate-200">{template.body}</p>
            {template.parameters.map((slot) => (
              <SlotField
                key={slotKey(slot)}
                id={`${ids}-${slotKey(slot)}`}
                slot={slot}
                choice={choices[slotKey(slot)] ?? { kind: "literal", field: "", text: "" }}
                fields={props.fields}
                onChange={(choice) => setChoices((c) => ({ ...c, [slotKey(slot)]: choice }))}
              />
            ))}
            {headerKind && (
              <Field
                label={t("headerMedia", { kind: headerKind })}
                htmlFor={`${ids}-header-media`}
                hint={t("headerMediaHint", {
                  kind: headerKind,
                  types: MEDIA_RULES[headerKind].mimeTypes.join(", "),
                  size: format.number(MEDIA_RULES[headerKind].maxBytes / 1024 / 1024),
                })}
              >
                <Input
                  id={`${ids}-header-media`}
                  type="file"
                  accept={MEDIA_RULES[headerKind].mimeTypes.join(",")}
                  required
                  onChange={(e) => {
                    const file = e.currentTarget.files?.[0] ?? null;
                    setHeaderFile(file);
                    const problem = template && file && headerMediaProblem(template.components, { mimeType: file.type, size: file.size });
                    setHeaderError(problem ? mediaProblemText(problem) : null);
                  }}
                />
                <FormError message={headerError} />
              </Field>
            )}
          </div>
        )}
      </Card>

      <Card title={t("audience")} description={t("audienceDescription")}>
        <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input
            type="checkbox"
            className="size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600"
            checked={useFilter}
            onChange={(e) => setUseFilter(e.currentTarget.checked)}
          />
          {t("useFilter")}
        </label>
        {useFilter && (
          <div className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            <Field label={t("tag")} htmlFor={`${ids}-tag`}>
              <Select
                id={`${ids}-tag`}
                value={filter.tags?.[0] ?? ""}
                onChange={(e) => setPart("tags", e.currentTarget.value ? [e.currentTarget.value] : undefined)}
              >
                <option value="">{t("anyTag")}</option>
                {props.tags.map((tag) => (
                  <option key={tag} value={tag}>
                    {tag}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t("leadStatus")} htmlFor={`${ids}-status`}>
              <Select
                id={`${ids}-status`}
                value={filter.statuses?.[0] ?? ""}
                onChange={(e) => setPart("statuses", e.currentTarget.value ? [e.currentTarget.value] : undefined)}
              >
                <option value="">{t("anyStatus")}</option>
                <StageOptions stages={props.stages} />
              </Select>
            </Field>
            <Field label={t("owner")} htmlFor={`${ids}-owner`}>
              <Select
                id={`${ids}-owner`}
                value={filter.owner ?? "any"}
                onChange={(e) => setPart("owner", e.currentTarget.value === "any" ? undefined : e.currentTarget.value || "none")}
              >
                <option value="any">{t("anyone")}</option>
                <MemberOptions members={props.members} />
              </Select>
            </Field>
            <Field label={t("activeFrom")} htmlFor={`${ids}-active-from`}>
              <Input
                id={`${ids}-active-from`}
                type="date"
                value={filter.activeFrom ?? ""}
                onChange={(e) => setPart("activeFrom", e.currentTarget.value || undefined)}
              />
            </Field>
            <Field label={t("activeUntil")} htmlFor={`${ids}-active-to`}>
              <Input
                id={`${ids}-active-to`}
                type="date"
                value={filter.activeTo ?? ""}
                onChange={(e) => setPart("activeTo", e.currentTarget.value || undefined)}
              />
            </Field>
            <Field label={t("createdFrom")} htmlFor={`${ids}-created-from`}>
              <Input
                id={`${ids}-created-from`}
                type="date"
                value={filter.createdFrom ?? ""}
                onChange={(e) => setPart("createdFrom", e.currentTarget.value || undefined)}
              />
            </Field>
            <Field label={t("createdUntil")} htmlFor={`${ids}-created-to`}>
              <Input
                id={`${ids}-created-to`}
                type="date"
                value={filter.createdTo ?? ""}
                onChange={(e) => setPart("createdTo", e.currentTarget.value || undefined)}
              />
            </Field>
            {props.fields.length > 0 && (
              <>
                <Field label={t("customField")} htmlFor={`${ids}-custom-key`}>
                  <Select id={`${ids}-custom-key`} value={customKey} onChange={(e) => setCustomKey(e.currentTarget.value)}>
                    <option value="">{t("none")}</option>
                    {props.fields.map((f) => (
                      <option key={f.key} value={f.key}>
                        {f.label}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field label={t("equals")} htmlFor={`${ids}-custom-value`}>
                  <Input
                    id={`${ids}-custom-value`}
                    value={customValue}
                    disabled={!customKey}
                    onChange={(e) => setCustomValue(e.currentTarget.value)}
                  />
                </Field>
              </>
            )}
          </div>
        )}

        <div className="mt-5 border-t border-slate-100 pt-4">
          <Field label={t("csv")} htmlFor={`${ids}-csv`} hint={t("csvHint")}>
            <div className="flex flex-wrap items-center gap-3">
              <label
                htmlFor={`${ids}-csv`}
                className="inline-flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 focus-within:ring-2 focus-within:ring-brand-600 hover:bg-slate-50"
              >
                {upload.pending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : <FileUp className="size-4" aria-hidden />}
                {t("chooseFile")}
                <input
                  id={`${ids}-csv`}
                  type="file"
                  accept=".csv,text/csv"
                  className="sr-only"
                  onChange={(e) => {
                    const file = e.currentTarget.files?.[0];
                    if (!file) return;
                    upload.run(
                      () => readBroadcastCsv({ file }),
                      (numbers) => setCsv({ ...numbers, fileName: file.name }),
                    );
                  }}
                />
              </label>
              {csv && (
                <p className="text-sm text-slate-600">
                  {t("csvSummary", {
                    file: csv.fileName,
                    numbers: csv.phones.length,
                    invalid: csv.invalid.length,
                    duplicates: csv.duplicates,
                  })}{" "}
                  <button type="button" className="text-brand-700 underline" onClick={() => setCsv(null)}>
                    {t("remove")}
                  </button>
                </p>
              )}
            </div>
          </Field>
          <FormError message={upload.error} />
        </div>
      </Card>

      <Card title={t("beforeYouSend")} description={t("beforeYouSendDescription")}>
        <FormError message={previewError} />
        {preview ? (
          <div className="grid gap-4 md:grid-cols-2">
            <dl className="grid grid-cols-2 gap-3 text-sm" aria-live="polite">
              <div>
                <dt className="text-xs text-slate-500">{t("willReceive")}</dt>
                <dd className="text-2xl font-semibold text-slate-900 tabular-nums">{format.number(preview.size.sendable)}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">{t("optedOut")}</dt>
                <dd className="text-2xl font-semibold text-slate-900 tabular-nums">{format.number(preview.size.optedOut)}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">{t("inAudience")}</dt>
                <dd className="font-medium tabular-nums">{format.number(preview.size.total)}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">{t("noPhone")}</dt>
                <dd className="font-medium tabular-nums">{format.number(preview.size.noPhone)}</dd>
              </div>
            </dl>
            {preview.sample && (
              <figure>
                <figcaption className="mb-1 text-xs text-slate-500">{t("sampleFor", { recipient: preview.sample.recipient })}</figcaption>
                <p className="rounded-lg rounded-tl-none bg-emerald-50 p-3 text-sm whitespace-pre-wrap text-slate-800 ring-1 ring-emerald-100">
                  {preview.sample.text}
                </p>
              </figure>
            )}
          </div>
        ) : (
          <p className="text-sm text-slate-500">{t("chooseAudience")}</p>
        )}
      </Card>

      <Card title={t("when")} description={t("whenDescription", { timeZone: props.timeZone })}>
        <fieldset className="flex flex-wrap gap-4 text-sm text-slate-700">
          <legend className="sr-only">{t("whenLegend")}</legend>
          {(
            [
              ["now", "sendNow"],
              ["later", "schedule"],
              ["draft", "saveAsDraft"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-center gap-2">
              <input
                type="radio"
                name="when"
                value={value}
                checked={when === value}
                onChange={() => setWhen(value)}
                className="text-brand-600 focus:ring-brand-600"
              />
              {t(label)}
            </label>
          ))}
        </fieldset>
        {when === "later" && (
          <div className="mt-3 w-64">
            <Field label={t("sendAt")} htmlFor={`${ids}-at`}>
              <Input id={`${ids}-at`} type="datetime-local" value={at} onChange={(e) => setAt(e.currentTarget.value)} required />
            </Field>
          </div>
        )}
      </Card>

      <FormError message={timeError ?? create.error} />
      <div className="flex justify-end">
        <Button type="submit" pending={create.pending} disabled={!templateId || (!audienceFilter && phones.length === 0)}>
          {when === "now" ? t("submitNow") : when === "later" ? t("submitLater") : t("submitDraft")}
        </Button>
      </div>
    </form>
  );
}

function SlotField(props: {
  id: string;
  slot: Template["parameters"][number];
  choice: SlotChoice;
  fields: { key: string; label: string }[];
  onChange: (choice: SlotChoice) => void;
}) {
  const t = useTranslations("broadcasts");
  const { slot, choice } = props;
  const value = choice.kind === "literal" ? "literal" : `${choice.kind}:${choice.field}`;
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <Field label={t("wizard.slot", { placeholder: `{{${slot.key}}}`, component: slot.component })} htmlFor={`${props.id}-source`}>
        <Select
          id={`${props.id}-source`}
          value={value}
          onChange={(e) => {
            const [kind, field = ""] = e.currentTarget.value.split(":") as [SlotChoice["kind"], string?];
            props.onChange({ kind, field, text: choice.text });
          }}
        >
          <optgroup label={t("wizard.contact")}>
            {(Object.keys(CONTACT_PARAMETER_FIELDS) as ContactParameterField[]).map((key) => (
              <option key={key} value={`contact:${key}`}>
                {t(`contactFields.${key}`)}
              </option>
            ))}
          </optgroup>
          {props.fields.length > 0 && (
            <optgroup label={t("wizard.customFields")}>
              {props.fields.map((f) => (
                <option key={f.key} value={`custom:${f.key}`}>
                  {f.label}
                </option>
              ))}
            </optgroup>
          )}
          <option value="literal">{t("wizard.sameForEveryone")}</option>
        </Select>
      </Field>
      <Field
        label={choice.kind === "literal" ? t("wizard.text") : t("wizard.fallback")}
        htmlFor={`${props.id}-text`}
        hint={choice.kind === "literal" ? undefined : t("wizard.fallbackHint")}
      >
        <Input
          id={`${props.id}-text`}
          value={choice.text}
          placeholder={slot.example ?? undefined}
          maxLength={200}
          required
          onChange={(e) => props.onChange({ ...choice, text: e.currentTarget.value })}
        />
      </Field>
    </div>
  );
}
