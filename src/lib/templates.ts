/**
 * WhatsApp message templates as Meta describes them (the `components` of
 * `GET /{waba}/message_templates`, stored as is in whatsapp_templates), and
 * the pure helpers every side needs: which parameters a template asks for,
 * and what the customer will read once they are filled in. Safe on both
 * sides (the template page's preview, the sender's checks).
 */

import { MEDIA_RULES, type MediaProblem, mediaProblem } from "./whatsapp-media";

export const TEMPLATE_CATEGORIES = ["MARKETING", "UTILITY", "AUTHENTICATION"] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

/** Meta's `parameter_format`: `{{1}}`, `{{2}}`… or `{{first_name}}`… (one template uses one). */
export type ParameterFormat = "POSITIONAL" | "NAMED";

export interface NamedExample {
  param_name: string;
  example: string;
}

export interface TemplateButton {
  /** QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, OTP, FLOW… */
  type: string;
  text?: string;
  url?: string;
  phone_number?: string;
  example?: string[] | string;
}

export interface TemplateComponent {
  /** HEADER, BODY, FOOTER, BUTTONS (Meta writes them upper case; older lists lower case). */
  type: string;
  /** Header only: TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION. */
  format?: string;
  text?: string;
  buttons?: TemplateButton[];
  example?: {
    header_text?: string[];
    header_text_named_params?: NamedExample[];
    header_handle?: string[];
    body_text?: string[][];
    body_text_named_params?: NamedExample[];
  };
}

/** One value a template needs before it can be sent. */
export interface TemplateParameter {
  component: "header" | "body" | "button";
  /** "1", "2"… (positional) or "first_name" (named). */
  key: string;
  /** Where the value goes in a send: `body.1`, `header.first_name`, `button.0.1` (the button's position). */
  id: string;
  /** The button's position among the template's buttons, for URL buttons. */
  buttonIndex?: number;
  /** Meta's sample value, from the template's examples. */
  example: string | null;
}

/** `{{1}}` or `{{first_name}}`: Meta's placeholders (names: lower case letters, digits, underscores). */
const PLACEHOLDER = /\{\{\s*([a-z0-9_]+)\s*\}\}/g;

/** The distinct placeholder keys of a text, in the order they first appear. */
export function placeholderKeys(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1] as string))];
}

/** Named when any key is not a number; positional otherwise (a template with none counts as positional, Meta's default). */
export function parameterFormatOf(keys: readonly string[]): ParameterFormat {
  return keys.some((key) => !/^\d+$/.test(key)) ? "NAMED" : "POSITIONAL";
}

const kindOf = (component: TemplateComponent) => component.type.toLowerCase();

/** The example Meta holds for `key` in a header or body, named or positional. */
function exampleFor(component: TemplateComponent, kind: "header" | "body", key: string): string | null {
  const example = component.example;
  if (!example) return null;
  const named = kind === "body" ? example.body_text_named_params : example.header_text_named_params;
  const byName = named?.find((param) => param.param_name === key)?.example;
  if (byName !== undefined) return byName;
  const positional = kind === "body" ? example.body_text?.[0] : example.header_text;
  return /^\d+$/.test(key) ? (positional?.[Number(key) - 1] ?? null) : null;
}

/**
 * Every value a template needs: its header's and body's placeholders (in
 * order: numbered ones by number, named ones as written), then each URL
 * button's. With Meta's examples, to prefill or show as hints.
 */
export function templateParameters(components: readonly TemplateComponent[]): TemplateParameter[] {
  return components.flatMap((component): TemplateParameter[] => {
    const kind = kindOf(component);
    if ((kind === "header" || kind === "body") && component.text) {
      const keys = placeholderKeys(component.text);
      if (parameterFormatOf(keys) === "POSITIONAL") keys.sort((a, b) => Number(a) - Number(b));
      return keys.map((key) => ({ component: kind, key, id: `${kind}.${key}`, example: exampleFor(component, kind, key) }));
    }
    if (kind === "buttons") {
      return (component.buttons ?? []).flatMap((button, buttonIndex) => {
        if (button.type.toUpperCase() !== "URL" || !button.url) return [];
        const example = Array.isArray(button.example) ? (button.example[0] ?? null) : (button.example ?? null);
        return placeholderKeys(button.url).map((key) => ({
          component: "button" as const,
          key,
          id: `button.${buttonIndex}.${key}`,
          buttonIndex,
          example,
        }));
      });
    }
    return [];
  });
}

/** A text with its placeholders replaced by `values[`${prefix}.${key}`]`; a missing value leaves the placeholder. */
export function fillPlaceholders(text: string, prefix: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (match, key: string) => values[`${prefix}.${key}`]?.trim() || match);
}

/** A template as the customer's phone shows it, part by part, with `values` (keyed by TemplateParameter.id) filled in. */
export interface RenderedTemplate {
  header: { format: string; text: string | null } | null;
  body: string;
  footer: string | null;
  buttons: { type: string; text: string; url: string | null; phoneNumber: string | null }[];
}

export function renderTemplateParts(
  components: readonly TemplateComponent[],
  values: Readonly<Record<string, string>> = {},
): RenderedTemplate {
  const find = (kind: string) => components.find((component) => kindOf(component) === kind);
  const header = find("header");
  const buttons = find("buttons")?.buttons ?? [];
  return {
    header: header
      ? {
          format: (header.format ?? "TEXT").toUpperCase(),
          text: header.text ? fillPlaceholders(header.text, "header", values) : null,
        }
      : null,
    body: fillPlaceholders(find("body")?.text ?? "", "body", values),
    footer: find("footer")?.text ?? null,
    buttons: buttons.map((button, index) => ({
      type: button.type.toUpperCase(),
      text: button.text ?? "",
      url: button.url ? fillPlaceholders(button.url, `button.${index}`, values) : null,
      phoneNumber: button.phone_number ?? null,
    })),
  };
}

/**
 * The template as one preview text: header, body and footer, a blank line
 * apart (what a message list or a notification shows of it).
 */
export function renderTemplate(components: readonly TemplateComponent[], values: Readonly<Record<string, string>> = {}): string {
  const parts = renderTemplateParts(components, values);
  return [parts.header?.text, parts.body, parts.footer].filter((part): part is string => Boolean(part)).join("\n\n");
}

/** The kinds of media a template header may show, as Meta's header `format` (upper case) and its send parameter `type`. */
const HEADER_MEDIA = { IMAGE: "image", VIDEO: "video", DOCUMENT: "document" } as const;
export type HeaderMediaKind = (typeof HEADER_MEDIA)[keyof typeof HEADER_MEDIA];

/** "image", "video" or "document" when the template's header shows media (each send must then carry a file); else null. */
export function templateHeaderMedia(components: readonly TemplateComponent[]): HeaderMediaKind | null {
  const header = components.find((component) => kindOf(component) === "header");
  return HEADER_MEDIA[(header?.format ?? "").toUpperCase() as keyof typeof HEADER_MEDIA] ?? null;
}

/** Why a file cannot be the template's header media, or null when it fits. */
export function headerMediaProblem(
  components: readonly TemplateComponent[],
  file: { mimeType: string; size: number } | null,
): MediaProblem | null {
  const kind = templateHeaderMedia(components);
  if (!kind) return file ? { reason: "headerNone" } : null;
  if (!file) return { reason: "headerMissing", kind };
  if (!(MEDIA_RULES[kind].mimeTypes as readonly string[]).includes(file.mimeType))
    return { reason: "headerType", kind, mimeType: file.mimeType };
  return mediaProblem(file.mimeType, file.size);
}

/** The header media of one send: the provider's media id (and, for documents, the name the customer sees). */
export interface HeaderMediaSend {
  kind: HeaderMediaKind;
  id: string;
  filename?: string;
}

/**
 * The `components` of a template send as Meta's API takes them, for
 * `values` keyed by TemplateParameter.id: header and body parameters in
 * order (named ones carry their name), then one component per URL button.
 * A media header carries `headerMedia` as its one parameter. Every
 * parameter must have its value (callers check first).
 */
export function templateSendComponents(
  components: readonly TemplateComponent[],
  values: Readonly<Record<string, string>>,
  headerMedia: HeaderMediaSend | null = null,
) {
  const slots = templateParameters(components);
  const text = (slot: TemplateParameter) => values[slot.id]?.trim() ?? "";
  const textParameter = (slot: TemplateParameter) =>
    /^\d+$/.test(slot.key) ? { type: "text", text: text(slot) } : { type: "text", parameter_name: slot.key, text: text(slot) };
  const buttons = [...new Set(slots.flatMap((slot) => (slot.buttonIndex === undefined ? [] : [slot.buttonIndex])))];
  const media = headerMedia && {
    type: headerMedia.kind,
    [headerMedia.kind]: {
      id: headerMedia.id,
      ...(headerMedia.kind === "document" && headerMedia.filename ? { filename: headerMedia.filename } : {}),
    },
  };
  return [
    ...(media ? [{ type: "header", parameters: [media] }] : []),
    ...(["header", "body"] as const).flatMap((component) => {
      const parameters = slots.filter((slot) => slot.component === component).map(textParameter);
      return parameters.length ? [{ type: component, parameters }] : [];
    }),
    ...buttons.map((index) => ({
      type: "button",
      sub_type: "url",
      index: String(index),
      parameters: slots.filter((slot) => slot.buttonIndex === index).map((slot) => ({ type: "text", text: text(slot) })),
    })),
  ];
}
