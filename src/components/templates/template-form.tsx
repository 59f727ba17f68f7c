"use client";

import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { createTemplate } from "@/app/actions/templates";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { readableIssueMap, readableIssues, type Translate } from "@/lib/readable-issues";
import {
  type DraftButton,
  draftComponents,
  HEADER_SAMPLE_TYPES,
  MEDIA_HEADER_FORMATS,
  TEMPLATE_LANGUAGES,
  type TemplateDraft,
  type TemplateDraftInput,
  templateDraft,
} from "@/lib/template-draft";
import { placeholderKeys, TEMPLATE_CATEGORIES } from "@/lib/templates";
import { TemplatePreview } from "./template-preview";

type HeaderFormat = TemplateDraftInput["header"]["format"];

const textarea =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-brand-600 focus:outline-none";

/** The kinds of button, in the order the form offers them (labels under templates.form.buttonTypes). */
const BUTTON_TYPES: readonly DraftButton["type"][] = ["QUICK_REPLY", "URL", "PHONE_NUMBER"];

const blankButton = (type: DraftButton["type"]): DraftButton =>
  type === "URL"
    ? { type, text: "", url: "https://" }
    : type === "PHONE_NUMBER"
      ? { type, text: "", phone_number: "+" }
      : { type, text: "" };

/**
 * The create form: fields on one side, the customer's view on the other,
 * updated as one types. Variables ({{1}} or {{first_name}}) are found in the
 * header and body as typed, and each asks for its example. Checked by the
 * same schema the server checks with; errors show after the first submit.
 */
export function TemplateForm({ channels }: { channels: { id: string; label: string }[] }) {
  const t = useTranslations("templates");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const { pending, error, errorDetails, run } = useAction({ refresh: false });
  const [channelId, setChannelId] = useState(channels[0]?.id ?? "");
  const [name, setName] = useState("");
  const [language, setLanguage] = useState("en_US");
  const [category, setCategory] = useState<TemplateDraft["category"]>("UTILITY");
  const [headerFormat, setHeaderFormat] = useState<HeaderFormat>("NONE");
  const [headerText, setHeaderText] = useState("");
  const [body, setBody] = useState("");
  const [footer, setFooter] = useState("");
  const [buttons, setButtons] = useState<DraftButton[]>([]);
  const [examples, setExamples] = useState<Record<string, string>>({});
  const [sample, setSample] = useState<File | null>(null);
  const [submitted, setSubmitted] = useState(false);

  const header: TemplateDraftInput["header"] =
    headerFormat === "NONE"
      ? { format: "NONE" }
      : headerFormat === "TEXT"
        ? { format: "TEXT", text: headerText }
        : { format: headerFormat };
  const input: TemplateDraftInput = { channelId, name, language, category, header, body, footer, buttons, examples };
  // The same sentences the server answers with, in the reader's language.
  const translate = useTranslations() as unknown as Translate;
  const parsed = templateDraft.safeParse(input, { error: readableIssueMap(translate) });
  const issues = parsed.success ? {} : readableIssues(parsed.error.issues, translate).fields;
  const problem = (key: string) => (submitted ? issues[key] : undefined);
  const sampleMissing = headerFormat !== "NONE" && headerFormat !== "TEXT" && !sample;

  const variables = [
    ...(headerFormat === "TEXT"
      ? placeholderKeys(headerText).map((key) => ({ id: `header.${key}`, label: t("form.headerVariable", { placeholder: `{{${key}}}` }) }))
      : []),
    ...placeholderKeys(body).map((key) => ({ id: `body.${key}`, label: t("form.bodyVariable", { placeholder: `{{${key}}}` }) })),
    ...buttons.flatMap((b, index) =>
      b.type === "URL" && b.url.endsWith("{{1}}")
        ? [{ id: `button.${index}.1`, label: t("form.urlVariable", { button: b.text || t("form.website") }) }]
        : [],
    ),
  ];
  const preview = draftComponents({ ...input, footer, examples } as TemplateDraft);

  const updateButton = (index: number, change: Partial<DraftButton>) =>
    setButtons((current) => current.map((b, i) => (i === index ? ({ ...b, ...change } as DraftButton) : b)));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!parsed.success || sampleMissing) return;
    run(
      () => createTemplate({ draft: input, ...(sample ? { sample } : {}) }),
      (created) => router.push(`/templates/${created.id}`),
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-6 p-4 sm:p-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="space-y-5">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t("form.number")} htmlFor="template-channel" hint={t("form.numberHint")}>
            <Select id="template-channel" value={channelId} onChange={(e) => setChannelId(e.target.value)}>
              {channels.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t("form.name")} htmlFor="template-name" hint={problem("name") ?? t("form.nameHint")}>
            <Input
              id="template-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={Boolean(problem("name"))}
              autoComplete="off"
              spellCheck={false}
            />
          </Field>
          <Field label={t("form.language")} htmlFor="template-language">
            <Select id="template-language" value={language} onChange={(e) => setLanguage(e.target.value)}>
              {TEMPLATE_LANGUAGES.map((l) => (
                <option key={l.code} value={l.code}>
                  {t("form.languageOption", { name: t(`languages.${l.code}` as never), code: l.code })}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t("form.category")} htmlFor="template-category" hint={t("form.categoryHint")}>
            <Select id="template-category" value={category} onChange={(e) => setCategory(e.target.value as TemplateDraft["category"])}>
              {TEMPLATE_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`categories.${c}`)}
                </option>
              ))}
            </Select>
          </Field>
        </div>

        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-700">{t("form.header")}</legend>
          <Select aria-label={t("form.headerType")} value={headerFormat} onChange={(e) => setHeaderFormat(e.target.value as HeaderFormat)}>
            <option value="NONE">{t("form.noHeader")}</option>
            <option value="TEXT">{t("form.text")}</option>
            {MEDIA_HEADER_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`form.headerFormats.${f}`)}
              </option>
            ))}
          </Select>
          {headerFormat === "TEXT" && (
            <Field label={t("form.headerText")} htmlFor="template-header" hint={problem("header.text") ?? t("form.headerTextHint")}>
              <Input id="template-header" value={headerText} maxLength={60} onChange={(e) => setHeaderText(e.target.value)} />
            </Field>
          )}
          {headerFormat !== "NONE" && headerFormat !== "TEXT" && (
            <Field
              label={t("form.sampleFile")}
              htmlFor="template-sample"
              hint={
                submitted && sampleMissing
                  ? t("form.sampleMissing")
                  : t("form.sampleHint", { types: HEADER_SAMPLE_TYPES[headerFormat].accept.replaceAll(",", ", ") })
              }
            >
              <Input
                id="template-sample"
                type="file"
                accept={HEADER_SAMPLE_TYPES[headerFormat].accept}
                onChange={(e) => setSample(e.target.files?.[0] ?? null)}
              />
            </Field>
          )}
        </fieldset>

        <Field label={t("form.body")} htmlFor="template-body" hint={problem("body") ?? t("form.bodyHint")}>
          <textarea
            id="template-body"
            className={textarea}
            rows={6}
            maxLength={1024}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            aria-invalid={Boolean(problem("body"))}
          />
        </Field>

        {variables.length > 0 && (
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-700">{t("form.examples")}</legend>
            <p className="text-xs text-slate-500">{t("form.examplesIntro")}</p>
            {variables.map((v) => (
              <Field key={v.id} label={v.label} htmlFor={`example-${v.id}`} hint={problem(`examples.${v.id}`)}>
                <Input
                  id={`example-${v.id}`}
                  value={examples[v.id] ?? ""}
                  onChange={(e) => setExamples((current) => ({ ...current, [v.id]: e.target.value }))}
                  aria-invalid={Boolean(problem(`examples.${v.id}`))}
                />
              </Field>
            ))}
          </fieldset>
        )}

        <Field label={t("form.footer")} htmlFor="template-footer" hint={problem("footer") ?? t("form.footerHint")}>
          <Input id="template-footer" value={footer} maxLength={60} onChange={(e) => setFooter(e.target.value)} />
        </Field>

        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-700">{t("form.buttons")}</legend>
          {buttons.map((b, index) => (
            <div key={index} className="space-y-2 rounded-lg p-3 ring-1 ring-slate-200">
              <div className="flex items-center justify-between">
                <span className="text-xs font-medium text-slate-500">{t(`form.buttonTypes.${b.type}`)}</span>
                <Button
                  type="button"
                  variant="ghost"
                  size="sm"
                  aria-label={t("form.removeButton", { index: index + 1 })}
                  onClick={() => setButtons((current) => current.filter((_, i) => i !== index))}
                >
                  <Trash2 className="size-4" aria-hidden />
                </Button>
              </div>
              <Field label={t("form.label")} htmlFor={`button-${index}-text`} hint={problem(`buttons.${index}.text`)}>
                <Input
                  id={`button-${index}-text`}
                  maxLength={25}
                  value={b.text}
                  onChange={(e) => updateButton(index, { text: e.target.value })}
                />
              </Field>
              {b.type === "URL" && (
                <Field
                  label={t("form.address")}
                  htmlFor={`button-${index}-url`}
                  hint={problem(`buttons.${index}.url`) ?? t("form.addressHint")}
                >
                  <Input id={`button-${index}-url`} value={b.url} onChange={(e) => updateButton(index, { url: e.target.value })} />
                </Field>
              )}
              {b.type === "PHONE_NUMBER" && (
                <Field label={t("form.phone")} htmlFor={`button-${index}-phone`} hint={problem(`buttons.${index}.phone_number`)}>
                  <Input
                    id={`button-${index}-phone`}
                    type="tel"
                    value={b.phone_number}
                    onChange={(e) => updateButton(index, { phone_number: e.target.value })}
                  />
                </Field>
              )}
            </div>
          ))}
          {problem("buttons") && <p className="text-xs text-red-700">{problem("buttons")}</p>}
          {buttons.length < 10 && (
            <div className="flex flex-wrap gap-2">
              {BUTTON_TYPES.map((type) => (
                <Button
                  key={type}
                  type="button"
                  variant="secondary"
                  size="sm"
                  onClick={() => setButtons((current) => [...current, blankButton(type)])}
                >
                  <Plus className="size-4" aria-hidden /> {t(`form.buttonTypes.${type}`)}
                </Button>
              ))}
            </div>
          )}
        </fieldset>

        {error && (
          <div className="space-y-2">
            <FormError message={error} />
            {errorDetails?.provider && (
              <details open className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-slate-200">
                <summary className="cursor-pointer font-medium">{tCommon("details")}</summary>
                <p className="mt-1 break-words">{errorDetails.provider}</p>
              </details>
            )}
          </div>
        )}
        {submitted && (!parsed.success || sampleMissing) && (
          <p role="alert" className="text-sm text-red-700">
            {t("form.needsAttention")}
          </p>
        )}
        <Button type="submit" pending={pending}>
          {t("form.submit")}
        </Button>
      </div>
      <div className="lg:sticky lg:top-4 lg:self-start">
        <h2 className="mb-2 text-sm font-medium text-slate-700">{t("form.preview")}</h2>
        <TemplatePreview components={preview} values={examples} />
      </div>
    </form>
  );
}
