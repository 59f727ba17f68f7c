import { z } from "zod";
import {
  type NamedExample,
  type ParameterFormat,
  parameterFormatOf,
  placeholderKeys,
  TEMPLATE_CATEGORIES,
  type TemplateButton,
  type TemplateComponent,
} from "./templates";

/**
 * A new template as the create form writes it, checked by the same schema
 * in the browser (errors under each field, as typed) and on the server, and
 * turned into the components Meta's `POST /{waba}/message_templates` takes.
 * Examples are keyed like TemplateParameter.id: `body.1`, `header.first_name`, `button.0.1`.
 */

export const TEMPLATE_LANGUAGES = [
  { code: "en", label: "English" },
  { code: "en_US", label: "English (US)" },
  { code: "en_GB", label: "English (UK)" },
  { code: "id", label: "Indonesian" },
  { code: "ms", label: "Malay" },
  { code: "es", label: "Spanish" },
  { code: "es_MX", label: "Spanish (Mexico)" },
  { code: "es_AR", label: "Spanish (Argentina)" },
  { code: "es_ES", label: "Spanish (Spain)" },
  { code: "pt_BR", label: "Portuguese (Brazil)" },
  { code: "pt_PT", label: "Portuguese (Portugal)" },
  { code: "fr", label: "French" },
  { code: "de", label: "German" },
  { code: "it", label: "Italian" },
  { code: "nl", label: "Dutch" },
  { code: "tr", label: "Turkish" },
  { code: "ar", label: "Arabic" },
  { code: "hi", label: "Hindi" },
  { code: "fil", label: "Filipino" },
  { code: "th", label: "Thai" },
  { code: "vi", label: "Vietnamese" },
  { code: "zh_CN", label: "Chinese (simplified)" },
  { code: "ja", label: "Japanese" },
  { code: "ko", label: "Korean" },
] as const;

export const MEDIA_HEADER_FORMATS = ["IMAGE", "VIDEO", "DOCUMENT"] as const;
export type MediaHeaderFormat = (typeof MEDIA_HEADER_FORMATS)[number];

/** What Meta accepts as a header sample, per format, and the largest file (Meta's media limits). */
export const HEADER_SAMPLE_TYPES: Record<MediaHeaderFormat, { accept: string; maxBytes: number }> = {
  IMAGE: { accept: "image/jpeg,image/png", maxBytes: 5 * 1024 * 1024 },
  VIDEO: { accept: "video/mp4,video/3gpp", maxBytes: 16 * 1024 * 1024 },
  DOCUMENT: { accept: "application/pdf", maxBytes: 100 * 1024 * 1024 },
};

const buttonText = z.string().trim().min(1, "validation.templates.buttonLabel").max(25, "validation.templates.buttonLabelTooLong");

const button = z.discriminatedUnion("type", [
  z.object({ type: z.literal("QUICK_REPLY"), text: buttonText }),
  z.object({
    type: z.literal("URL"),
    text: buttonText,
    url: z
      .string()
      .trim()
      .max(2000)
      .regex(/^https:\/\/[^\s{}]+(\{\{1\}\})?$/, "validation.templates.buttonAddress"),
  }),
  z.object({
    type: z.literal("PHONE_NUMBER"),
    text: buttonText,
    phone_number: z
      .string()
      .trim()
      .regex(/^\+[1-9]\d{6,14}$/, "validation.templates.buttonPhone"),
  }),
]);
export type DraftButton = z.infer<typeof button>;

export const templateDraft = z
  .object({
    channelId: z.uuid("validation.templates.chooseNumber"),
    name: z
      .string()
      .trim()
      .min(1, "validation.templates.name")
      .max(512)
      .regex(/^[a-z0-9_]+$/, "validation.templates.nameFormat"),
    language: z.enum(TEMPLATE_LANGUAGES.map((language) => language.code) as [string, ...string[]], "validation.chooseLanguage"),
    category: z.enum(TEMPLATE_CATEGORIES, "validation.templates.chooseCategory"),
    header: z.discriminatedUnion("format", [
      z.object({ format: z.literal("NONE") }),
      z.object({ format: z.literal("TEXT"), text: z.string().trim().min(1, "validation.templates.headerText").max(60) }),
      z.object({ format: z.enum(MEDIA_HEADER_FORMATS) }),
    ]),
    body: z.string().trim().min(1, "validation.templates.body").max(1024, "validation.templates.bodyTooLong"),
    footer: z.string().trim().max(60, "validation.templates.footerTooLong").default(""),
    buttons: z.array(button).max(10, "validation.templates.tooManyButtons"),
    examples: z.record(z.string(), z.string().trim().max(1000)).default({}),
  })
  .superRefine((draft, ctx) => {
    const bodyKeys = placeholderKeys(draft.body);
    const headerKeys = draft.header.format === "TEXT" ? placeholderKeys(draft.header.text) : [];
    const format = parameterFormatOf([...headerKeys, ...bodyKeys]);
    // A message is a catalogue key; `params` are its values (read by readableIssues).
    const issue = (path: (string | number)[], message: string, params?: Record<string, string>) =>
      ctx.addIssue({ code: "custom", path, message, ...(params ? { params } : {}) });

    if (headerKeys.length > 1) issue(["header", "text"], "validation.templates.headerOneVariable");
    if (format === "NAMED" && [...headerKeys, ...bodyKeys].some((key) => /^\d+$/.test(key))) {
      issue(["body"], "validation.templates.mixedVariables");
    }
    if (format === "POSITIONAL") {
      const numbers = bodyKeys.map(Number).sort((a, b) => a - b);
      if (numbers.some((n, i) => n !== i + 1)) issue(["body"], "validation.templates.variablesInOrder");
    }
    if (/^\{\{[^}]+\}\}/.test(draft.body) || /\{\{[^}]+\}\}$/.test(draft.body)) {
      issue(["body"], "validation.templates.variableAtEnd");
    }
    for (const [component, keys] of [
      ["header", headerKeys],
      ["body", bodyKeys],
    ] as const) {
      for (const key of keys) {
        if (!draft.examples[`${component}.${key}`])
          issue(["examples", `${component}.${key}`], "validation.templates.example", { placeholder: `{{${key}}}` });
      }
    }
    draft.buttons.forEach((b, index) => {
      if (b.type === "URL" && b.url.endsWith("{{1}}") && !draft.examples[`button.${index}.1`]?.startsWith("https://")) {
        issue(["examples", `button.${index}.1`], "validation.templates.addressExample");
      }
    });
    if (draft.buttons.filter((b) => b.type === "URL").length > 2) issue(["buttons"], "validation.templates.tooManyWebsiteButtons");
    if (draft.buttons.filter((b) => b.type === "PHONE_NUMBER").length > 1) issue(["buttons"], "validation.templates.tooManyCallButtons");
    const switches = draft.buttons.filter((b, i) => i > 0 && (b.type === "QUICK_REPLY") !== (draft.buttons[i - 1]?.type === "QUICK_REPLY"));
    if (switches.length > 1) issue(["buttons"], "validation.templates.quickRepliesTogether");
  });
export type TemplateDraft = z.output<typeof templateDraft>;
export type TemplateDraftInput = z.input<typeof templateDraft>;

/** The template's parameter format, from its header and body. */
export function draftParameterFormat(draft: Pick<TemplateDraft, "header" | "body">): ParameterFormat {
  const header = draft.header.format === "TEXT" ? placeholderKeys(draft.header.text) : [];
  return parameterFormatOf([...header, ...placeholderKeys(draft.body)]);
}

function textExample(kind: "header" | "body", keys: string[], format: ParameterFormat, examples: Record<string, string>) {
  if (keys.length === 0) return {};
  const value = (key: string) => examples[`${kind}.${key}`] ?? "";
  if (format === "NAMED") {
    const named: NamedExample[] = keys.map((key) => ({ param_name: key, example: value(key) }));
    return { example: kind === "header" ? { header_text_named_params: named } : { body_text_named_params: named } };
  }
  const ordered = [...keys].sort((a, b) => Number(a) - Number(b)).map(value);
  return { example: kind === "header" ? { header_text: ordered } : { body_text: [ordered] } };
}

/**
 * Meta's components for a draft. A media header names the sample's handle
 * (`headerHandle`, from the provider's upload).
 */
export function draftComponents(draft: TemplateDraft, headerHandle: string | null = null): TemplateComponent[] {
  const format = draftParameterFormat(draft);
  const components: TemplateComponent[] = [];
  if (draft.header.format === "TEXT") {
    components.push({
      type: "HEADER",
      format: "TEXT",
      text: draft.header.text,
      ...textExample("header", placeholderKeys(draft.header.text), format, draft.examples),
    });
  } else if (draft.header.format !== "NONE") {
    components.push({
      type: "HEADER",
      format: draft.header.format,
      ...(headerHandle ? { example: { header_handle: [headerHandle] } } : {}),
    });
  }
  components.push({ type: "BODY", text: draft.body, ...textExample("body", placeholderKeys(draft.body), format, draft.examples) });
  if (draft.footer) components.push({ type: "FOOTER", text: draft.footer });
  if (draft.buttons.length > 0) {
    components.push({
      type: "BUTTONS",
      buttons: draft.buttons.map((b, index): TemplateButton => {
        const example = draft.examples[`button.${index}.1`];
        return b.type === "URL" && b.url.endsWith("{{1}}") && example ? { ...b, example: [example] } : b;
      }),
    });
  }
  return components;
}
