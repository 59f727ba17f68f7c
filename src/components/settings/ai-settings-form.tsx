"use client";

import { CircleCheck, KeyRound, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { saveAiSettings } from "@/app/actions/ai";
import { Button } from "@/components/ui/button";
import { Field, FieldError, FormError, Input, Select } from "@/components/ui/field";
import { SaveRow } from "@/components/ui/save-row";
import { useAction } from "@/components/ui/use-action";
import type { ConnectionCheck } from "@/server/ai/check-connection";
import type { AiSettingsInput, AiSettingsView, BusinessHoursMode } from "@/server/ai/settings";

/** Each answering mode and its catalogue key. */
const HOURS_MODES = [
  ["always", "hoursAlways"],
  ["outside_hours", "hoursOutside"],
  ["within_hours", "hoursWithin"],
] as const satisfies readonly (readonly [BusinessHoursMode, string])[];

const textarea =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-brand-600 focus:outline-none";

function Toggle({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (value: boolean) => void }) {
  return (
    <label htmlFor={id} className="flex items-start gap-2.5 text-sm text-slate-700">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        className="mt-0.5 size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600"
      />
      {label}
    </label>
  );
}

/** A whole-number setting; when `optional`, leaving it empty means "no limit" (null). */
function NumberField({
  id,
  name,
  label,
  hint,
  min,
  max,
  value,
  optional,
  error,
  onChange,
}: {
  id: string;
  /** The setting's key: the action's field path, so a refusal about it lands here. */
  name: keyof Values;
  label: string;
  hint: string;
  min: number;
  max?: number;
  value: number | null;
  optional?: boolean;
  error?: string;
  onChange: (value: number | null) => void;
}) {
  return (
    <Field label={label} htmlFor={id} hint={hint} error={error}>
      <Input
        id={id}
        name={name}
        error={error}
        type="number"
        min={min}
        max={max}
        required={!optional}
        value={value ?? ""}
        onChange={(e) => onChange(optional && e.target.value.trim() === "" ? null : Number(e.target.value))}
      />
    </Field>
  );
}

type Values = Omit<AiSettingsInput, "apiKey">;
type SetField = <K extends keyof Values>(key: K, value: Values[K]) => void;
/** What each section gets: the values, a setter, and the refusal's message per field. */
type SectionProps = { form: Values; set: SetField; errors: Readonly<Record<string, string>> };

export function AiSettingsForm({ initial }: { initial: AiSettingsView }) {
  const t = useTranslations("ai.form");
  const { pending, error, errorTechnical, fieldErrors: errors, submit } = useAction();
  const [saved, setSaved] = useState(false);
  // The model server's answer to the check made after each save.
  const [connection, setConnection] = useState<ConnectionCheck | null>(null);
  const { apiKeyLast4, ...fields } = initial;
  const [form, setForm] = useState<Values>(fields);
  // undefined: keep the stored key; null: remove it; a string: replace it.
  const [apiKey, setApiKey] = useState<string | null | undefined>(undefined);
  const set: SetField = (key, value) => {
    setSaved(false);
    setConnection(null);
    setForm((current) => ({ ...current, [key]: value }));
  };

  return (
    <form
      className="space-y-6"
      onSubmit={(event) => {
        setConnection(null);
        submit(
          () => saveAiSettings({ ...form, ...(apiKey === undefined ? {} : { apiKey }) }),
          (result) => {
            setApiKey(undefined);
            setSaved(true);
            setConnection(result.connection);
          },
        )(event);
      }}
    >
      <fieldset disabled={pending} className="space-y-6">
        <EnabledSwitch form={form} set={set} />
        <ModelSection form={form} set={set} errors={errors} apiKey={apiKey} onApiKey={setApiKey} apiKeyLast4={apiKeyLast4} />
        <KnowledgeSection form={form} set={set} errors={errors} />
        <HandoffSection form={form} set={set} errors={errors} />
        <HoursField form={form} set={set} />
        <LimitsSection form={form} set={set} errors={errors} />
      </fieldset>
      <FormError message={error} detail={errorTechnical} />
      <SaveRow label={t("save")} pending={pending} saved={saved} />
      {connection && <ConnectionStatus check={connection} />}
    </form>
  );
}

/** After a save: whether the model server answered, in words, with the client's own reason folded away. */
function ConnectionStatus({ check }: { check: ConnectionCheck }) {
  const t = useTranslations("ai.form");
  if (check.ok)
    return (
      <p role="status" className="flex items-center gap-1.5 text-sm text-brand-700">
        <CircleCheck className="size-4" aria-hidden /> {t("connected", { model: check.model })}
      </p>
    );
  return (
    <div role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200">
      <p>{t("notConnected", { reason: check.message })}</p>
      {check.technical && (
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer select-none">{t("details")}</summary>
          <pre className="mt-1 whitespace-pre-wrap break-words font-mono">{check.technical}</pre>
        </details>
      )}
    </div>
  );
}

function EnabledSwitch({ form, set }: { form: Values; set: SetField }) {
  const t = useTranslations("ai.form");
  return (
    <div className="flex items-center justify-between gap-4 rounded-lg bg-slate-50 px-4 py-3 ring-1 ring-slate-200">
      <div>
        <p className="text-sm font-medium text-slate-900">{t("autoAnswer")}</p>
        <p className="text-xs text-slate-500">{t("autoAnswerHint")}</p>
      </div>
      <button
        type="button"
        role="switch"
        aria-checked={form.enabled}
        aria-label={t("enabled")}
        onClick={() => set("enabled", !form.enabled)}
        className={`relative inline-flex h-6 w-11 shrink-0 rounded-full transition-colors ${form.enabled ? "bg-brand-600" : "bg-slate-300"}`}
      >
        <span
          className={`absolute top-0.5 size-5 rounded-full bg-white shadow transition-transform ${form.enabled ? "translate-x-5" : "translate-x-0.5"}`}
        />
      </button>
    </div>
  );
}

function ModelSection({
  form,
  set,
  errors,
  apiKey,
  onApiKey,
  apiKeyLast4,
}: SectionProps & {
  apiKey: string | null | undefined;
  onApiKey: (key: string | null | undefined) => void;
  apiKeyLast4: AiSettingsView["apiKeyLast4"];
}) {
  const t = useTranslations("ai.form");
  return (
    <section className="grid gap-4 sm:grid-cols-2" aria-label={t("modelSection")}>
      <Field label={t("model")} htmlFor="ai-model" hint={t("modelHint")} error={errors.model}>
        <Input
          id="ai-model"
          name="model"
          error={errors.model}
          required
          maxLength={100}
          value={form.model}
          onChange={(e) => set("model", e.target.value)}
        />
      </Field>
      <Field label={t("baseUrl")} htmlFor="ai-base-url" hint={t("baseUrlHint")} error={errors.baseUrl}>
        <Input
          id="ai-base-url"
          name="baseUrl"
          error={errors.baseUrl}
          type="url"
          placeholder={t("baseUrlPlaceholder")}
          value={form.baseUrl ?? ""}
          onChange={(e) => set("baseUrl", e.target.value || null)}
        />
      </Field>
      <Field
        label={t("apiKey")}
        htmlFor="ai-api-key"
        hint={
          apiKeyLast4 && apiKey === undefined ? (
            <span className="inline-flex items-center gap-1">
              <KeyRound className="size-3" aria-hidden /> {t("apiKeyStored", { last4: apiKeyLast4 })}
            </span>
          ) : (
            t("apiKeyHint")
          )
        }
      >
        <div className="flex gap-2">
          <Input
            id="ai-api-key"
            type="password"
            autoComplete="off"
            placeholder={apiKeyLast4 ? `••••••••${apiKeyLast4}` : t("apiKeyPlaceholder")}
            value={apiKey ?? ""}
            onChange={(e) => onApiKey(e.target.value || undefined)}
          />
          {apiKeyLast4 && apiKey === undefined && (
            <Button type="button" variant="secondary" onClick={() => onApiKey(null)}>
              {t("removeKey")}
            </Button>
          )}
        </div>
        {apiKey === null && <p className="text-xs text-amber-700">{t("keyRemoved")}</p>}
      </Field>
      <NumberField
        id="ai-timeout"
        name="timeoutSeconds"
        label={t("timeout")}
        hint={t("timeoutHint")}
        min={1}
        max={120}
        value={form.timeoutSeconds}
        error={errors.timeoutSeconds}
        onChange={(value) => set("timeoutSeconds", value ?? 10)}
      />
    </section>
  );
}

function KnowledgeSection({ form, set, errors }: SectionProps) {
  const t = useTranslations("ai.form");
  return (
    <section className="space-y-4" aria-label={t("knowledgeSection")}>
      <Field label={t("business")} htmlFor="ai-profile" hint={t("businessHint")} error={errors.businessProfile}>
        <textarea
          id="ai-profile"
          name="businessProfile"
          rows={4}
          maxLength={4000}
          className={textarea}
          value={form.businessProfile}
          onChange={(e) => set("businessProfile", e.target.value)}
          placeholder={t("businessPlaceholder")}
        />
      </Field>
      <Field label={t("instructions")} htmlFor="ai-instructions" hint={t("instructionsHint")} error={errors.instructions}>
        <textarea
          id="ai-instructions"
          name="instructions"
          rows={3}
          maxLength={4000}
          className={textarea}
          value={form.instructions}
          onChange={(e) => set("instructions", e.target.value)}
          placeholder={t("instructionsPlaceholder")}
        />
      </Field>
      <KnowledgeSnippets knowledge={form.knowledge} errors={errors} onChange={(knowledge) => set("knowledge", knowledge)} />
    </section>
  );
}

/** FAQ snippets the assistant may quote; they have no ids, so their position is their identity while editing. */
function KnowledgeSnippets({
  knowledge,
  errors,
  onChange,
}: {
  knowledge: Values["knowledge"];
  errors: SectionProps["errors"];
  onChange: (knowledge: Values["knowledge"]) => void;
}) {
  const t = useTranslations("ai.form");
  return (
    <div className="space-y-2">
      <p className="text-sm font-medium text-slate-700">{t("knowledge")}</p>
      {knowledge.length === 0 && <p className="text-xs text-slate-500">{t("noSnippets")}</p>}
      <ol className="space-y-2">
        {knowledge.map((snippet, index) => (
          // Snippets have no ids; their position is their identity while editing.
          <li key={index} className="grid gap-2 rounded-lg p-3 ring-1 ring-slate-200 sm:grid-cols-[12rem_1fr_auto]">
            <Input
              id={`knowledge.${index}.title`}
              name={`knowledge.${index}.title`}
              error={errors[`knowledge.${index}.title`]}
              aria-label={t("snippetTitle", { number: index + 1 })}
              placeholder={t("snippetTitlePlaceholder")}
              maxLength={200}
              required
              value={snippet.title}
              onChange={(e) => onChange(knowledge.map((s, i) => (i === index ? { ...s, title: e.target.value } : s)))}
            />
            <textarea
              name={`knowledge.${index}.content`}
              aria-invalid={errors[`knowledge.${index}.content`] ? true : undefined}
              aria-describedby={errors[`knowledge.${index}.content`] ? `knowledge.${index}.content-error` : undefined}
              aria-label={t("snippetContent", { number: index + 1 })}
              rows={2}
              maxLength={4000}
              required
              className={textarea}
              value={snippet.content}
              onChange={(e) => onChange(knowledge.map((s, i) => (i === index ? { ...s, content: e.target.value } : s)))}
            />
            <Button
              type="button"
              variant="ghost"
              aria-label={t("removeSnippet", { number: index + 1 })}
              onClick={() => onChange(knowledge.filter((_, i) => i !== index))}
            >
              <Trash2 className="size-4" aria-hidden />
            </Button>
            <div className="empty:hidden sm:col-span-3">
              <FieldError id={`knowledge.${index}.title`} message={errors[`knowledge.${index}.title`]} />
              <FieldError id={`knowledge.${index}.content`} message={errors[`knowledge.${index}.content`]} />
            </div>
          </li>
        ))}
      </ol>
      <Button
        type="button"
        variant="secondary"
        size="sm"
        disabled={knowledge.length >= 50}
        onClick={() => onChange([...knowledge, { title: "", content: "" }])}
      >
        <Plus className="size-3.5" aria-hidden /> {t("addSnippet")}
      </Button>
    </div>
  );
}

function HandoffSection({ form, set, errors }: SectionProps) {
  const t = useTranslations("ai.form");
  return (
    <section className="space-y-3" aria-label={t("handoffSection")}>
      <p className="text-sm font-medium text-slate-700">{t("handoffWhen")}</p>
      <div className="grid gap-2 sm:grid-cols-2">
        <Toggle
          id="ai-h-request"
          label={t("handoffRequest")}
          checked={form.handoffOnRequest}
          onChange={(v) => set("handoffOnRequest", v)}
        />
        <Toggle
          id="ai-h-complaint"
          label={t("handoffComplaint")}
          checked={form.handoffOnComplaint}
          onChange={(v) => set("handoffOnComplaint", v)}
        />
        <Toggle id="ai-h-orders" label={t("handoffOrders")} checked={form.handoffOnOrders} onChange={(v) => set("handoffOnOrders", v)} />
        <Toggle id="ai-h-scope" label={t("handoffScope")} checked={form.handoffOutOfScope} onChange={(v) => set("handoffOutOfScope", v)} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <NumberField
          id="ai-max-replies"
          name="maxAiReplies"
          error={errors.maxAiReplies}
          label={t("maxReplies")}
          hint={t("noLimit")}
          min={1}
          max={100}
          optional
          value={form.maxAiReplies}
          onChange={(value) => set("maxAiReplies", value)}
        />
        <Field label={t("holding")} htmlFor="ai-holding" hint={t("holdingHint")} error={errors.holdingMessage}>
          <Input
            id="ai-holding"
            name="holdingMessage"
            error={errors.holdingMessage}
            maxLength={1000}
            placeholder={t("holdingPlaceholder")}
            value={form.holdingMessage ?? ""}
            onChange={(e) => set("holdingMessage", e.target.value || null)}
          />
        </Field>
      </div>
    </section>
  );
}

function HoursField({ form, set }: Omit<SectionProps, "errors">) {
  const t = useTranslations("ai.form");
  return (
    <Field
      label={t("hours")}
      htmlFor="ai-hours"
      hint={t.rich("hoursHint", {
        link: (chunks) => (
          <Link href="/settings" className="underline">
            {chunks}
          </Link>
        ),
      })}
    >
      <Select
        id="ai-hours"
        value={form.businessHoursMode}
        onChange={(e) => set("businessHoursMode", e.target.value as BusinessHoursMode)}
        className="sm:max-w-xs"
      >
        {HOURS_MODES.map(([mode, key]) => (
          <option key={mode} value={mode}>
            {t(key)}
          </option>
        ))}
      </Select>
    </Field>
  );
}

function LimitsSection({ form, set, errors }: SectionProps) {
  const t = useTranslations("ai.form");
  return (
    <section className="grid gap-4 sm:grid-cols-3" aria-label={t("limitsSection")}>
      <NumberField
        id="ai-debounce"
        name="debounceSeconds"
        error={errors.debounceSeconds}
        label={t("debounce")}
        hint={t("debounceHint")}
        min={0}
        max={60}
        value={form.debounceSeconds}
        onChange={(value) => set("debounceSeconds", value ?? 0)}
      />
      <NumberField
        id="ai-history"
        name="historyMessages"
        error={errors.historyMessages}
        label={t("history")}
        hint={t("historyHint")}
        min={1}
        max={100}
        value={form.historyMessages}
        onChange={(value) => set("historyMessages", value ?? 1)}
      />
      <NumberField
        id="ai-budget"
        name="monthlyTokenBudget"
        error={errors.monthlyTokenBudget}
        label={t("budget")}
        hint={t("noLimit")}
        min={1}
        optional
        value={form.monthlyTokenBudget}
        onChange={(value) => set("monthlyTokenBudget", value)}
      />
    </section>
  );
}
