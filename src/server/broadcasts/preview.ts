import "server-only";
import { type AudienceFilter, type ParameterContact, type ParameterMapping, resolveParameters } from "@/lib/broadcasts";
import { renderTemplate, type TemplateComponent } from "@/lib/templates";
import type { Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import { type AudienceSize, audienceConditions, audienceSize } from "./audience";

export interface BroadcastPreview {
  size: AudienceSize;
  /** The message as the first sendable recipient would see it (placeholders shown as {{n}} until mapped). */
  sample: { recipient: string; text: string } | null;
}

type SampleContact = ParameterContact & { phone_e164: string };

/** The audience's first contact that will get the message (the filter's, else the CSV's). */
async function sampleContact(tx: Tx, workspaceId: string, filter: AudienceFilter | null, csvPhones: string[]) {
  const [row] = await tx<SampleContact[]>`
    select coalesce(k.name, k.profile_name) as name, k.phone_e164, k.email, k.custom_attributes
    from public.contacts k
    where k.workspace_id = ${workspaceId} and k.phone_e164 is not null and k.opted_out_at is null
      and (${filter ? tx`(true ${audienceConditions(tx, filter)})` : tx`false`} or k.phone_e164 = any(${tx.array(csvPhones)}::text[]))
    order by k.id limit 1`;
  return row ?? null;
}

/** What the wizard shows before sending: how many it reaches (opted-out excluded) and a sample message. */
export async function previewBroadcast(
  tx: Tx,
  workspaceId: string,
  input: { templateId: string | null; parameters: ParameterMapping; filter: AudienceFilter | null; csvPhones: string[] },
): Promise<BroadcastPreview> {
  const size = await audienceSize(tx, workspaceId, { filter: input.filter, csvPhones: input.csvPhones });
  if (!input.templateId) return { size, sample: null };
  const [template] = await tx<
    With<Pick<Row<"whatsapp_templates">, "components">, { components: TemplateComponent[] }>[]
  >`select components from public.whatsapp_templates where workspace_id = ${workspaceId} and id = ${input.templateId}`;
  if (!template) throw new AppError("not_found", "errors.broadcasts.templateNotInWorkspace");
  const contact = await sampleContact(tx, workspaceId, input.filter, input.csvPhones);
  const phone = contact?.phone_e164 ?? input.csvPhones[0];
  if (!phone) return { size, sample: null };
  return {
    size,
    sample: {
      recipient: contact?.name ? `${contact.name} (${phone})` : phone,
      text: renderTemplate(template.components, resolveParameters(input.parameters, contact)),
    },
  };
}
