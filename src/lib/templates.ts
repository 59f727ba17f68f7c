/**
 * WhatsApp message templates as Meta describes them (the `components` of a
 * message_templates entry): which parameters they need, and how they read
 * once filled in. Safe on both sides: the server checks a send with it, the
 * browser previews one.
 *
 * Parameter values are keyed "<component>.<index>" ("body.1", "header.1").
 */

export interface TemplateButton {
  type?: string;
  text?: string;
  url?: string;
  phone_number?: string;
}

export interface TemplateComponent {
  type?: string;
  format?: string;
  text?: string;
  example?: { body_text?: string[][]; header_text?: string[] };
  buttons?: TemplateButton[];
}

export interface TemplateParameterSlot {
  component: "header" | "body";
  index: number;
  example: string | null;
}

const PLACEHOLDER = /\{\{(\d+)\}\}/g;

const componentOf = (components: TemplateComponent[], kind: string) => components.find((c) => c.type?.toLowerCase() === kind);

/** The placeholders ({{1}}, {{2}}…) a template's header and body text need, with Meta's examples. */
export function templateParameters(components: TemplateComponent[]): TemplateParameterSlot[] {
  return components.flatMap((component) => {
    const kind = component.type?.toLowerCase();
    if ((kind !== "body" && kind !== "header") || !component.text) return [];
    const examples = kind === "body" ? (component.example?.body_text?.[0] ?? []) : (component.example?.header_text ?? []);
    const indexes = [...new Set([...component.text.matchAll(PLACEHOLDER)].map((match) => Number(match[1])))];
    return indexes.sort((a, b) => a - b).map((index) => ({ component: kind, index, example: examples[index - 1] ?? null }));
  });
}

export interface RenderedTemplate {
  /** A text header filled in, or the kind of media a media header shows. */
  header: { format: string; text: string | null } | null;
  body: string;
  footer: string | null;
  buttons: { type: string; text: string }[];
}

/** The template as the customer will read it; a placeholder without a value stays visible as {{n}}. */
export function renderTemplate(components: TemplateComponent[], values: Record<string, string>): RenderedTemplate {
  const fill = (kind: string, text: string) =>
    text.replace(PLACEHOLDER, (match, index: string) => values[`${kind}.${index}`]?.trim() || match);
  const header = componentOf(components, "header");
  const format = header?.format?.toUpperCase() ?? "TEXT";
  return {
    header: header ? { format, text: format === "TEXT" && header.text ? fill("header", header.text) : null } : null,
    body: fill("body", componentOf(components, "body")?.text ?? ""),
    footer: componentOf(components, "footer")?.text ?? null,
    buttons: (componentOf(components, "buttons")?.buttons ?? []).flatMap((button) =>
      button.text ? [{ type: button.type?.toUpperCase() ?? "QUICK_REPLY", text: button.text }] : [],
    ),
  };
}
