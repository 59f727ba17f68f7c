import "server-only";
import { renderTemplate, type TemplateComponent, templateSendComponents } from "@/lib/templates";
import type { OutboundPayload } from "@/server/whatsapp/providers/client";

export interface BroadcastTemplate {
  name: string;
  language: string;
  components: TemplateComponent[];
}

/** A header of an image, video or document needs a file per send, which broadcasts do not offer yet. */
export const hasMediaHeader = (components: TemplateComponent[]) =>
  components.some((c) => c.type.toLowerCase() === "header" && ["IMAGE", "VIDEO", "DOCUMENT"].includes((c.format ?? "").toUpperCase()));

/** What one recipient is sent: the provider's template payload and the text as the thread shows it (as the inbox's sends store it). */
export function templateMessage(template: BroadcastTemplate, values: Record<string, string>): { payload: OutboundPayload; body: string } {
  return {
    payload: {
      type: "template",
      template: {
        name: template.name,
        language: { code: template.language },
        components: templateSendComponents(template.components, values),
      },
    },
    body: renderTemplate(template.components, values) || template.name,
  };
}
