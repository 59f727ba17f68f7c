import "server-only";
import { fillPlaceholders } from "@/lib/broadcasts";
import type { OutboundPayload } from "@/server/whatsapp/providers/client";

/** A template's components as Meta lists them (only what a broadcast reads). */
export interface BroadcastTemplateComponent {
  type?: string;
  format?: string;
  text?: string;
  example?: { body_text?: string[][]; header_text?: string[] };
}

export interface BroadcastTemplate {
  name: string;
  language: string;
  components: BroadcastTemplateComponent[];
}

const textOf = (components: BroadcastTemplateComponent[], type: "body" | "header") =>
  components.find((c) => c.type?.toLowerCase() === type && (type === "body" || (c.format ?? "TEXT").toUpperCase() === "TEXT"))?.text;

/** A header of an image, video or document needs a file per send, which broadcasts do not offer yet. */
export const hasMediaHeader = (components: BroadcastTemplateComponent[]) =>
  components.some((c) => c.type?.toLowerCase() === "header" && ["IMAGE", "VIDEO", "DOCUMENT"].includes((c.format ?? "").toUpperCase()));

/** What one recipient is sent: the provider's template payload and the body as the thread shows it. */
export function templateMessage(template: BroadcastTemplate, values: Record<string, string>): { payload: OutboundPayload; body: string } {
  const components = (["header", "body"] as const).flatMap((component) => {
    const parameters = Object.entries(values)
      .filter(([slot]) => slot.startsWith(`${component}.`))
      .sort(([a], [b]) => Number(a.split(".")[1]) - Number(b.split(".")[1]))
      .map(([, text]) => ({ type: "text", text }));
    return parameters.length ? [{ type: component, parameters }] : [];
  });
  const body = fillPlaceholders(textOf(template.components, "body") ?? template.name, "body", values);
  return {
    payload: { type: "template", template: { name: template.name, language: { code: template.language }, components } },
    body,
  };
}

/** The preview of the whole message (header, body, footer) for one recipient's values. */
export function previewText(components: BroadcastTemplateComponent[], values: Record<string, string>): string {
  const header = textOf(components, "header");
  const body = textOf(components, "body") ?? "";
  const footer = components.find((c) => c.type?.toLowerCase() === "footer")?.text;
  return [header && fillPlaceholders(header, "header", values), fillPlaceholders(body, "body", values), footer]
    .filter(Boolean)
    .join("\n\n");
}
