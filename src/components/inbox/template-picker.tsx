"use client";

import { LayoutTemplate, RefreshCw, Send } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { getTemplates, refreshTemplates } from "@/app/actions/inbox";
import { TemplatePreview } from "@/components/outreach/template-preview";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import type { ApprovedTemplate } from "@/server/inbox/queries";
import type { ComposerSend } from "./composer-send";

/** How long the sync job usually needs before the list is worth reading again. */
const SYNC_WAIT_MS = 2500;

export function TemplatePicker({
  conversationId,
  initialTemplates,
  onSend,
}: {
  conversationId: string;
  initialTemplates: ApprovedTemplate[];
  onSend: (send: ComposerSend) => Promise<string | null>;
}) {
  const t = useTranslations("inbox.templates");
  const [templates, setTemplates] = useState(initialTemplates);
  const [templateId, setTemplateId] = useState(templates[0]?.id ?? "");
  const [values, setValues] = useState<Record<string, string>>({});
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { pending: refreshing, run } = useAction({ refresh: false, onError: setError });
  const template = templates.find((candidate) => candidate.id === templateId);

  /** Asks the provider for the current list (the sync runs as a job), then reads it again. */
  function refresh() {
    run(
      async () => {
        const queued = await refreshTemplates({ conversationId });
        if (queued.ok) await new Promise((resolve) => setTimeout(resolve, SYNC_WAIT_MS));
        return getTemplates({ conversationId });
      },
      (fresh) => {
        setTemplates(fresh);
        setTemplateId((current) => (fresh.some((candidate) => candidate.id === current) ? current : (fresh[0]?.id ?? "")));
      },
    );
  }

  const refreshButton = (
    <Button type="button" variant="ghost" size="sm" onClick={refresh} pending={refreshing}>
      {!refreshing && <RefreshCw className="size-3.5" aria-hidden />} {t("refresh")}
    </Button>
  );

  if (templates.length === 0) {
    return (
      <div className="flex items-center gap-2 p-3" data-testid="template-picker">
        <p className="flex-1 text-sm text-slate-600">{t("none")}</p>
        {refreshButton}
      </div>
    );
  }

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!template) return;
    setSending(true);
    const problem = await onSend({ kind: "template", template, parameters: values });
    setSending(false);
    setError(problem);
    if (!problem) setValues({});
  }

  return (
    <form onSubmit={send} className="space-y-2 p-3" data-testid="template-picker">
      <p className="flex items-center gap-1.5 text-xs text-slate-600">
        <LayoutTemplate className="size-3.5 shrink-0" aria-hidden />
        {t("windowClosed")}
      </p>
      <select
        value={templateId}
        onChange={(e) => {
          setTemplateId(e.target.value);
          setValues({});
        }}
        aria-label={t("template")}
        className="block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-600"
      >
        {templates.map((option) => (
          <option key={option.id} value={option.id}>
            {t("option", { name: option.name, language: option.language })}
          </option>
        ))}
      </select>
      {template && template.parameters.length > 0 && (
        <div className="grid gap-2 sm:grid-cols-2">
          {template.parameters.map((slot) => {
            const key = slot.id;
            return (
              <input
                key={key}
                value={values[key] ?? ""}
                onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))}
                placeholder={slot.example ? t("example", { example: slot.example }) : t("valueFor", { slot: `{{${slot.key}}}` })}
                aria-label={t(`slot.${slot.component}`, { slot: `{{${slot.key}}}` })}
                required
                className="rounded-md border-0 px-3 py-2 text-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-600"
              />
            );
          })}
        </div>
      )}
      {template && <TemplatePreview components={template.components} values={values} />}
      <div className="flex items-center justify-end gap-2">
        {refreshButton}
        {error && (
          <p role="alert" className="flex-1 text-sm text-red-700">
            {error}
          </p>
        )}
        <Button type="submit" pending={sending}>
          <Send className="size-4" aria-hidden /> {t("send")}
        </Button>
      </div>
    </form>
  );
}
