import "server-only";
import { type HeaderMediaSend, renderTemplate, type TemplateComponent, templateSendComponents } from "@/lib/templates";
import type { OutboundPayload } from "@/server/whatsapp/providers/client";

export interface BroadcastTemplate {
  name: string;
  language: string;
  components: TemplateComponent[];
}

/** The file a media-header broadcast sends in every recipient's header, as kept in the media storage. */
export interface HeaderMediaFile {
  storagePath: string;
  mimeType: string;
  filename: string;
  size: number;
}

/**
 * What one recipient is sent: the provider's template payload (with the
 * header's media id, uploaded once per broadcast) and the text as the
 * thread shows it (as the inbox's sends store it).
 */
export function templateMessage(
  template: BroadcastTemplate,
  values: Record<string, string>,
  headerMedia: HeaderMediaSend | null = null,
): { payload: OutboundPayload; body: string } {
  return {
    payload: {
      type: "template",
      template: {
        name: template.name,
        language: { code: template.language },
        components: templateSendComponents(template.components, values, headerMedia),
      },
    },
    body: renderTemplate(template.components, values) || template.name,
  };
}
