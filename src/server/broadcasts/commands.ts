import "server-only";
import type { AudienceFilter, BroadcastState, ParameterMapping } from "@/lib/broadcasts";
import { headerMediaProblem, type TemplateComponent, templateParameters } from "@/lib/templates";
import { mediaProblemMessage } from "@/lib/whatsapp-media";
import { recordAudit } from "@/server/audit/record";
import type { Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import { enqueue } from "@/server/jobs/enqueue";
import type { CsvNumbers } from "./audience";
import { broadcastRunJob } from "./run";
import type { HeaderMediaFile } from "./template";

/** Who makes a broadcast: a member (audited as themselves) or an API key. */
export type BroadcastActor = { workspaceId: string; userId: string } | { workspaceId: string; apiKeyId: string };

export interface NewBroadcast {
  name: string;
  channelId: string;
  templateId: string;
  parameters: ParameterMapping;
  filter: AudienceFilter | null;
  csv: CsvNumbers | null;
  /** "now", a time to start at, or null for a draft. */
  start: "now" | Date | null;
  /** The stored file for a template with an image, video or document header; null otherwise. */
  headerMedia?: HeaderMediaFile | null;
}

const NOT_FOUND = "errors.broadcasts.notFound";

/** Admins, agents where the workspace allows it, and API keys: the same rule the RLS policies hold. */
export async function maySendBroadcasts(tx: Tx, workspaceId: string): Promise<boolean> {
  const [row] = await tx<{ allowed: boolean }[]>`
    select ${workspaceId}::uuid in (select private.broadcast_workspaces()) as allowed`;
  return row?.allowed ?? false;
}

async function assertMaySend(tx: Tx, workspaceId: string) {
  if (!(await maySendBroadcasts(tx, workspaceId))) {
    throw new AppError("forbidden", "errors.broadcasts.onlyAdmins", { reason: "broadcasts_not_allowed" });
  }
}

type TemplateRow = With<
  Pick<Row<"whatsapp_templates">, "id" | "name" | "language" | "components">,
  { name: string; language: string; components: TemplateComponent[] }
>;

/** An approved template of the number's WhatsApp account. */
async function approvedTemplate(tx: Tx, workspaceId: string, channelId: string, templateId: string): Promise<TemplateRow> {
  const [template] = await tx<TemplateRow[]>`
    select t.id, t.name, t.language, t.components
    from public.whatsapp_templates t
    join public.whatsapp_channels ch on ch.workspace_id = t.workspace_id and ch.id = ${channelId}
    where t.workspace_id = ${workspaceId} and t.id = ${templateId} and t.status = 'APPROVED'
      and t.name is not null and t.language is not null
      and (t.waba_id is null or ch.waba_id is null or t.waba_id = ch.waba_id)`;
  if (!template) throw new AppError("not_found", "errors.inbox.templateNotApprovedNumber");
  return template;
}

function checkMapping(components: TemplateComponent[], mapping: ParameterMapping, headerMedia: HeaderMediaFile | null) {
  const mediaProblem = headerMediaProblem(components, headerMedia);
  if (mediaProblem) throw new AppError("invalid", mediaProblemMessage(mediaProblem));
  const slots = templateParameters(components).map((s) => s.id);
  const missing = slots.find((slot) => !mapping[slot]);
  if (missing) {
    const [component = "", key = ""] = missing.split(".");
    throw new AppError("invalid", { key: "errors.broadcasts.fillParameter", values: { key, component } });
  }
  const extra = Object.keys(mapping).find((slot) => !slots.includes(slot));
  if (extra) throw new AppError("invalid", { key: "errors.broadcasts.noSuchParameter", values: { placeholder: extra } });
}

/**
 * Creates a broadcast: a draft, scheduled, or sending at once (its job
 * queued in the same transaction). The template is copied, so what was
 * approved is what is sent.
 */
export async function createBroadcast(tx: Tx, actor: BroadcastActor, input: NewBroadcast): Promise<{ id: string; state: BroadcastState }> {
  await assertMaySend(tx, actor.workspaceId);
  const [channel] = await tx<Pick<Row<"whatsapp_channels">, "status">[]>`
    select status from public.whatsapp_channels where workspace_id = ${actor.workspaceId} and id = ${input.channelId}`;
  if (!channel) throw new AppError("not_found", "errors.channels.whatsappNumberNotFound");
  if (channel.status === "disconnected") throw new AppError("conflict", "errors.channels.whatsappNumberDisconnected");
  const template = await approvedTemplate(tx, actor.workspaceId, input.channelId, input.templateId);
  checkMapping(template.components, input.parameters, input.headerMedia ?? null);
  // The file is sent from the workspace's own media, never another tenant's.
  if (input.headerMedia && !input.headerMedia.storagePath.startsWith(`${actor.workspaceId}/`)) {
    throw new AppError("invalid", "errors.broadcasts.headerNotInWorkspace");
  }
  const csv = input.csv ?? { phones: [], invalid: [], duplicates: 0 };
  if (!input.filter && csv.phones.length === 0 && csv.invalid.length === 0) {
    throw new AppError("invalid", "errors.broadcasts.chooseAudience");
  }
  if (input.start instanceof Date && input.start.getTime() <= Date.now()) {
    throw new AppError("invalid", "errors.broadcasts.futureTime");
  }
  const state: BroadcastState = input.start === null ? "draft" : input.start === "now" ? "sending" : "scheduled";
  const [row] = await tx<Pick<Row<"broadcasts">, "id">[]>`
    insert into public.broadcasts ${tx({
      workspace_id: actor.workspaceId,
      name: input.name.trim(),
      channel_id: input.channelId,
      template_id: template.id,
      template_name: template.name,
      template_language: template.language,
      template_components: tx.json(template.components as unknown as Parameters<typeof tx.json>[0]),
      parameters: tx.json(input.parameters as Parameters<typeof tx.json>[0]),
      header_media: input.headerMedia ? tx.json({ ...input.headerMedia }) : null,
      audience_filter: input.filter ? tx.json(input.filter as Parameters<typeof tx.json>[0]) : null,
      csv_phones: tx.array(csv.phones),
      csv_invalid: tx.array(csv.invalid),
      csv_duplicates: csv.duplicates,
      state,
      scheduled_at: input.start instanceof Date ? input.start : null,
      started_at: state === "sending" ? new Date() : null,
      created_by: "userId" in actor ? actor.userId : null,
      created_by_api_key: "apiKeyId" in actor ? actor.apiKeyId : null,
    })}
    returning id`;
  if (!row) throw new AppError("forbidden", "errors.broadcasts.onlyAdmins");
  if (state === "sending") await enqueue(broadcastRunJob, { broadcastId: row.id }, { tx });
  // Audit entries name a member; a key's broadcast records the key on its row.
  if ("userId" in actor) {
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      action: "broadcast.created",
      target: { type: "broadcast", id: row.id, label: input.name.trim() },
      details: { template: template.name, state, numbers: csv.phones.length, filter: input.filter !== null },
    });
  }
  return { id: row.id, state };
}

/** Moves a broadcast from one of `from` to `to`; "not found" and "conflict" say why not. */
async function transition(tx: Tx, workspaceId: string, broadcastId: string, from: BroadcastState[], to: BroadcastState, extra = tx``) {
  await assertMaySend(tx, workspaceId);
  const [current] = await tx<Pick<Row<"broadcasts">, "state" | "name">[]>`
    select state, name from public.broadcasts where workspace_id = ${workspaceId} and id = ${broadcastId} for update`;
  if (!current) throw new AppError("not_found", NOT_FOUND);
  if (!from.includes(current.state as BroadcastState)) {
    throw new AppError("conflict", { key: "errors.broadcasts.cannotTransition", values: { state: current.state, to } });
  }
  await tx`
    update public.broadcasts set state = ${to} ${extra}
    where workspace_id = ${workspaceId} and id = ${broadcastId}`;
  return current;
}

/** Stops queuing new messages; those already queued may still leave. */
export async function pauseBroadcast(tx: Tx, actor: BroadcastActor, broadcastId: string) {
  await transition(tx, actor.workspaceId, broadcastId, ["sending"], "paused");
}

export async function resumeBroadcast(tx: Tx, actor: BroadcastActor, broadcastId: string) {
  await transition(tx, actor.workspaceId, broadcastId, ["paused"], "sending");
  await enqueue(broadcastRunJob, { broadcastId }, { tx });
}

/** A draft or a scheduled broadcast sent at once. */
export async function sendBroadcastNow(tx: Tx, actor: BroadcastActor, broadcastId: string) {
  await transition(tx, actor.workspaceId, broadcastId, ["draft", "scheduled"], "sending", tx`, started_at = now()`);
  await enqueue(broadcastRunJob, { broadcastId }, { tx });
}

/** Cancels for good: no new message is queued, and the job marks the rest skipped. */
export async function cancelBroadcast(tx: Tx, actor: BroadcastActor, broadcastId: string) {
  const before = await transition(
    tx,
    actor.workspaceId,
    broadcastId,
    ["draft", "scheduled", "sending", "paused"],
    "cancelled",
    tx`, cancelled_at = now()`,
  );
  await enqueue(broadcastRunJob, { broadcastId }, { tx });
  if ("userId" in actor) {
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      action: "broadcast.cancelled",
      target: { type: "broadcast", id: broadcastId, label: before.name },
      details: { from: before.state, to: "cancelled" },
    });
  }
}
