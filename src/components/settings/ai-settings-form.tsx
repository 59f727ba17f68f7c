"use client";

import { CircleCheck, KeyRound, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { saveAiSettings } from "@/app/actions/ai";
import { Button } from "@/components/ui/button";
import { Field, FieldError, FormError, Input, Select } from "@/components/ui/field";
import { SaveRow } from "@/components/ui/save-row";
import { useAction } from "@/components/ui/use-action";
import type { ConnectionCheck } from "@/server/ai/check-connection";
import type { AiSettingsInput, AiSettingsView, BusinessHoursMode } from "@/server/ai/settings";

const HOURS_MODES: { value: BusinessHoursMode; label: string }[] = [
  { value: "always", label: "Always, day and night" },
  { value: "outside_hours", label: "Only outside business hours" },
  { value: "within_hours", label: "Only during business hours" },
];

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
      <SaveRow label="Save assistant settings" pending={pending} saved={saved} />
      {connection && <ConnectionStatus check={connection} />}
    </form>
  );
}

/** After a save: whether the model server answered, in words, with the client's own reason folded away. */
function ConnectionStatus({ check }: { check: ConnectionCheck }) {
  if (check.ok)
    return (
      <p role="status" className="flex items-center gap-1.5 text-sm text-brand-700">
        <CircleCheck className="size-4" aria-hidden /> Connected to {check.model}.
      </p>
    );
  return (
    <div role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200">
      <p>The settings are kept, but the assistant cannot use the model server yet. {check.message}</p>
      {check.technical && (
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer select-none">Details</summary>
          <pre className="mt-1 whitespace-pre-wrap break-words font-mono">{check.technical}</pre>
        </details>
      )}
    </div>
  );
}

function EnabledSwitch({ form, set }: { form: Values; set: SetField }) {
  return (
    <div className="flex items-center justify-between gap-4 rounded-lg bg-slate-50 px-4 py-3 ring-1 ring-slate-200">
      <div>
        <p className="text-sm font-medium text-slate-900">Answer customers automatically</p>
        <p className="text-xs text-slate-500">
          New messages in conversations nobody has taken over are answered by the assistant, through your WhatsApp number.
        </p>
      </div>
      <button
        type="button"
        role="switch"
        aria-checked={form.enabled}
        aria-label="AI assistant on"
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
  return (
    <section className="grid gap-4 sm:grid-cols-2" aria-label="Model">
      <Field label="Model" htmlFor="ai-model" hint="e.g. gpt-4o-mini, or llama3.1 on Ollama" error={errors.model}>
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
      <Field label="API base URL" htmlFor="ai-base-url" hint="Empty for OpenAI. Any OpenAI-compatible server works." error={errors.baseUrl}>
        <Input
          id="ai-base-url"
          name="baseUrl"
          error={errors.baseUrl}
          type="url"
          placeholder="https://api.openai.com/v1"
          value={form.baseUrl ?? ""}
          onChange={(e) => set("baseUrl", e.target.value || null)}
        />
      </Field>
      <Field
        label="API key"
        htmlFor="ai-api-key"
        hint={
          apiKeyLast4 && apiKey === undefined ? (
            <span className="inline-flex items-center gap-1">
              <KeyRound className="size-3" aria-hidden /> Stored, ends in …{apiKeyLast4}. Type a new one to replace it.
            </span>
          ) : (
            "Stored encrypted; never shown again."
          )
        }
      >
        <div className="flex gap-2">
          <Input
            id="ai-api-key"
            type="password"
            autoComplete="off"
            placeholder={apiKeyLast4 ? `••••••••${apiKeyLast4}` : "sk-…"}
            value={apiKey ?? ""}
            onChange={(e) => onApiKey(e.target.value || undefined)}
          />
          {apiKeyLast4 && apiKey === undefined && (
            <Button type="button" variant="secondary" onClick={() => onApiKey(null)}>
              Remove
            </Button>
          )}
        </div>
        {apiKey === null && <p className="text-xs text-amber-700">The stored key is removed when you save.</p>}
      </Field>
      <NumberField
        id="ai-timeout"
        name="timeoutSeconds"
        label="Model server timeout (s)"
        hint="How long to wait for an answer before calling the server unreachable."
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
  return (
    <section className="space-y-4" aria-label="What the assistant knows">
      <Field
        label="Your business"
        htmlFor="ai-profile"
        hint="What you sell, where, prices, delivery, payment methods."
        error={errors.businessProfile}
      >
        <textarea
          id="ai-profile"
          name="businessProfile"
          rows={4}
          maxLength={4000}
          className={textarea}
          value={form.businessProfile}
          onChange={(e) => set("businessProfile", e.target.value)}
          placeholder="Toko Sejahtera sells batik shirts in Yogyakarta, sizes S–XXL, from Rp 150.000. We ship with JNE and accept bank transfer."
        />
      </Field>
      <Field
        label="Instructions"
        htmlFor="ai-instructions"
        hint="Tone, language, what to ask for. Customers reply in their own language by default."
        error={errors.instructions}
      >
        <textarea
          id="ai-instructions"
          name="instructions"
          rows={3}
          maxLength={4000}
          className={textarea}
          value={form.instructions}
          onChange={(e) => set("instructions", e.target.value)}
          placeholder="Friendly and short. Call customers kak. Ask for size and colour before recommending."
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
  return (
    <div className="space-y-2">
      <p className="text-sm font-medium text-slate-700">FAQ and knowledge</p>
      {knowledge.length === 0 && (
        <p className="text-xs text-slate-500">No snippets yet: add answers to the questions customers ask most.</p>
      )}
      <ol className="space-y-2">
        {knowledge.map((snippet, index) => (
          // Snippets have no ids; their position is their identity while editing.
          <li key={index} className="grid gap-2 rounded-lg p-3 ring-1 ring-slate-200 sm:grid-cols-[12rem_1fr_auto]">
            <Input
              id={`knowledge.${index}.title`}
              name={`knowledge.${index}.title`}
              error={errors[`knowledge.${index}.title`]}
              aria-label={`Snippet ${index + 1} title`}
              placeholder="Question or topic"
              maxLength={200}
              required
              value={snippet.title}
              onChange={(e) => onChange(knowledge.map((s, i) => (i === index ? { ...s, title: e.target.value } : s)))}
            />
            <textarea
              name={`knowledge.${index}.content`}
              aria-invalid={errors[`knowledge.${index}.content`] ? true : undefined}
              aria-describedby={errors[`knowledge.${index}.content`] ? `knowledge.${index}.content-error` : undefined}
              aria-label={`Snippet ${index + 1} content`}
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
              aria-label={`Remove snippet ${index + 1}`}
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
        <Plus className="size-3.5" aria-hidden /> Add a snippet
      </Button>
    </div>
  );
}

function HandoffSection({ form, set, errors }: SectionProps) {
  return (
    <section className="space-y-3" aria-label="Handing over">
      <p className="text-sm font-medium text-slate-700">Hand over to a person when…</p>
      <div className="grid gap-2 sm:grid-cols-2">
        <Toggle
          id="ai-h-request"
          label="the customer asks for a person"
          checked={form.handoffOnRequest}
          onChange={(v) => set("handoffOnRequest", v)}
        />
        <Toggle
          id="ai-h-complaint"
          label="the customer complains"
          checked={form.handoffOnComplaint}
          onChange={(v) => set("handoffOnComplaint", v)}
        />
        <Toggle
          id="ai-h-orders"
          label="they ask about an order, payment or refund"
          checked={form.handoffOnOrders}
          onChange={(v) => set("handoffOnOrders", v)}
        />
        <Toggle
          id="ai-h-scope"
          label="the question is outside what it knows"
          checked={form.handoffOutOfScope}
          onChange={(v) => set("handoffOutOfScope", v)}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <NumberField
          id="ai-max-replies"
          name="maxAiReplies"
          error={errors.maxAiReplies}
          label="…or after this many AI replies"
          hint="Empty for no limit."
          min={1}
          max={100}
          optional
          value={form.maxAiReplies}
          onChange={(value) => set("maxAiReplies", value)}
        />
        <Field
          label="Holding message"
          htmlFor="ai-holding"
          hint="Sent when it hands over and has nothing better to say."
          error={errors.holdingMessage}
        >
          <Input
            id="ai-holding"
            name="holdingMessage"
            error={errors.holdingMessage}
            maxLength={1000}
            placeholder="Thanks! Someone from our team will reply shortly."
            value={form.holdingMessage ?? ""}
            onChange={(e) => set("holdingMessage", e.target.value || null)}
          />
        </Field>
      </div>
    </section>
  );
}

function HoursField({ form, set }: Omit<SectionProps, "errors">) {
  return (
    <Field
      label="When it answers"
      htmlFor="ai-hours"
      hint={
        <>
          Business hours and time zone are set in{" "}
          <Link href="/settings" className="underline">
            workspace settings
          </Link>
          .
        </>
      }
    >
      <Select
        id="ai-hours"
        value={form.businessHoursMode}
        onChange={(e) => set("businessHoursMode", e.target.value as BusinessHoursMode)}
        className="sm:max-w-xs"
      >
        {HOURS_MODES.map((mode) => (
          <option key={mode.value} value={mode.value}>
            {mode.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

function LimitsSection({ form, set, errors }: SectionProps) {
  return (
    <section className="grid gap-4 sm:grid-cols-3" aria-label="Limits">
      <NumberField
        id="ai-debounce"
        name="debounceSeconds"
        error={errors.debounceSeconds}
        label="Wait before answering (s)"
        hint="Messages sent in a burst get one answer."
        min={0}
        max={60}
        value={form.debounceSeconds}
        onChange={(value) => set("debounceSeconds", value ?? 0)}
      />
      <NumberField
        id="ai-history"
        name="historyMessages"
        error={errors.historyMessages}
        label="Messages of history"
        hint="How much of the thread it reads."
        min={1}
        max={100}
        value={form.historyMessages}
        onChange={(value) => set("historyMessages", value ?? 1)}
      />
      <NumberField
        id="ai-budget"
        name="monthlyTokenBudget"
        error={errors.monthlyTokenBudget}
        label="Monthly token budget"
        hint="Empty for no limit."
        min={1}
        optional
        value={form.monthlyTokenBudget}
        onChange={(value) => set("monthlyTokenBudget", value)}
      />
    </section>
  );
}
