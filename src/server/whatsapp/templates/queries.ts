import "server-only";
import { type ParameterFormat, type TemplateComponent, type TemplateParameter, templateParameters } from "@/lib/templates";
import type { Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";

/** A template as the templates page, the broadcast and start-conversation forms and the API see it. */
export interface TemplateView {
  id: string;
  name: string;
  language: string;
  /** MARKETING, UTILITY, AUTHENTICATION (null: the provider has not said). */
  category: string | null;
  /** PENDING, APPROVED, REJECTED, PAUSED, DISABLED… as Meta names them. */
  status: string;
  /** GREEN, YELLOW, RED, UNKNOWN; null until Meta rates it. */
  quality: string | null;
  rejectionReason: string | null;
  parameterFormat: ParameterFormat;
  components: TemplateComponent[];
  /** What a send must fill in, with Meta's examples. */
  parameters: TemplateParameter[];
  /** The number it was last synced or submitted through. */
  channel: { id: string; name: string | null; displayPhoneNumber: string | null } | null;
  syncedAt: Date | null;
  updatedAt: Date;
}

export interface TemplateFilter {
  channelId?: string;
  status?: string;
  category?: string;
}

type TemplateRow = With<
  Pick<
    Row<"whatsapp_templates">,
    | "id"
    | "name"
    | "language"
    | "category"
    | "status"
    | "quality"
    | "rejection_reason"
    | "parameter_format"
    | "components"
    | "synced_at"
    | "updated_at"
    | "channel_id"
  >,
  // Not null: the queries keep only templates with both; the format is checked by the table.
  { name: string; language: string; components: TemplateComponent[]; parameter_format: ParameterFormat }
> & { channel_name: string | null; channel_phone: string | null };

const toView = (row: TemplateRow): TemplateView => ({
  id: row.id,
  name: row.name,
  language: row.language,
  category: row.category,
  status: row.status,
  quality: row.quality,
  rejectionReason: row.rejection_reason,
  parameterFormat: row.parameter_format,
  components: row.components,
  parameters: templateParameters(row.components),
  channel: row.channel_id ? { id: row.channel_id, name: row.channel_name, displayPhoneNumber: row.channel_phone } : null,
  syncedAt: row.synced_at,
  updatedAt: row.updated_at,
});

const selectTemplates = (tx: Tx) => tx`
  select t.id, t.name, t.language, t.category, t.status, t.quality, t.rejection_reason, t.parameter_format,
         t.components, t.synced_at, t.updated_at, t.channel_id, ch.name as channel_name, ch.display_phone_number as channel_phone
  from public.whatsapp_templates t
  left join public.whatsapp_channels ch on ch.workspace_id = t.workspace_id and ch.id = t.channel_id`;

/**
 * A number's templates are its WhatsApp Business Account's: the ones synced
 * or submitted through it, and the ones of the same account (another number
 * of it synced them).
 */
const ofChannel = (tx: Tx, channelId: string) => tx`
  and (t.channel_id = ${channelId} or t.waba_id = (select waba_id from public.whatsapp_channels where workspace_id = t.workspace_id and id = ${channelId}))`;

/** The workspace's templates, by name and language, optionally of one number, status or category. */
export async function listTemplates(tx: Tx, workspaceId: string, filter: TemplateFilter = {}): Promise<TemplateView[]> {
  const rows = await tx<TemplateRow[]>`
    ${selectTemplates(tx)}
    where t.workspace_id = ${workspaceId} and t.name is not null and t.language is not null
      ${filter.channelId ? ofChannel(tx, filter.channelId) : tx``}
      ${filter.status ? tx`and t.status = ${filter.status.toUpperCase()}` : tx``}
      ${filter.category ? tx`and t.category = ${filter.category.toUpperCase()}` : tx``}
    order by t.name, t.language, t.id`;
  return rows.map(toView);
}

/** One template of the workspace, or null. */
export async function getTemplate(tx: Tx, workspaceId: string, templateId: string): Promise<TemplateView | null> {
  const [row] = await tx<TemplateRow[]>`
    ${selectTemplates(tx)}
    where t.workspace_id = ${workspaceId} and t.id = ${templateId} and t.name is not null and t.language is not null`;
  return row ? toView(row) : null;
}

export type TemplateChannel = Pick<Row<"whatsapp_channels">, "id" | "name" | "display_phone_number" | "provider">;

/** The workspace's connected numbers, for the filter and the create form. */
export async function templateChannels(tx: Tx, workspaceId: string): Promise<TemplateChannel[]> {
  return tx<TemplateChannel[]>`
    select id, name, display_phone_number, provider from public.whatsapp_channels
    where workspace_id = ${workspaceId} and status = 'active'
    order by name nulls last, display_phone_number`;
}
