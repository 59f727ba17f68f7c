import "server-only";
import { z } from "zod";
import { LABEL_COLORS, type LabelColor } from "@/lib/label-colors";
import { recordAudit } from "@/server/audit/record";
import type { Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { AppError, type ErrorKey, fromDatabaseError } from "@/server/errors";

/**
 * Conversation labels: the workspace's definitions (admins) and which
 * conversations carry them (any member). Live updates, activity lines and
 * outbound webhooks come from the triggers on conversation_labels, so the
 * inbox, bulk actions and the API all produce them.
 */

export type Label = With<Pick<Row<"labels">, "id" | "name" | "color" | "description">, { color: LabelColor }>;

export const labelInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "validation.nameTheLabel")
    .max(50, "validation.labelNameTooLong")
    .refine((name) => !name.includes(","), "A label's name cannot contain a comma."),
  color: z.enum(LABEL_COLORS),
  description: z
    .string()
    .trim()
    .max(200, "validation.labelDescriptionTooLong")
    .transform((d) => d || null)
    .nullish(),
});
export type LabelInput = z.infer<typeof labelInput>;

const DUPLICATE: ErrorKey = "errors.inbox.labelTaken";
const notFound = () => new AppError("not_found", "errors.inbox.labelNotFound");

/** A unique-name clash, or an agent refused by RLS, as a message for people. */
async function guarded(tx: Tx, run: (sp: Tx) => Promise<Label[]>): Promise<Label[]> {
  try {
    return await tx.savepoint(run);
  } catch (error) {
    throw fromDatabaseError(error, DUPLICATE) ?? error;
  }
}

export function listLabels(tx: Tx, workspaceId: string): Promise<Label[]> {
  return tx<Label[]>`
    select id, name, color, description from public.labels
    where workspace_id = ${workspaceId}
    order by lower(name)`;
}

/**
 * `audit`: people's changes are audited; an API key is not a person the
 * audit log can name (its requests are in the API's own logs).
 */
export async function createLabel(tx: Tx, workspaceId: string, input: LabelInput, audit = true): Promise<Label> {
  const [label] = await guarded(
    tx,
    (sp) => sp<Label[]>`
      insert into public.labels (workspace_id, name, color, description)
      values (${workspaceId}, ${input.name}, ${input.color}, ${input.description ?? null})
      returning id, name, color, description`,
  );
  if (!label) throw new Error("insert returned no row");
  if (audit) {
    await recordAudit(tx, {
      workspaceId,
      action: "label.created",
      target: { type: "label", id: label.id, label: label.name },
      details: { color: label.color },
    });
  }
  return label;
}

export async function updateLabel(tx: Tx, workspaceId: string, labelId: string, input: LabelInput): Promise<Label> {
  const [before] = await tx<Label[]>`
    select id, name, color, description from public.labels where workspace_id = ${workspaceId} and id = ${labelId}`;
  if (!before) throw notFound();
  const [label] = await guarded(
    tx,
    (sp) => sp<Label[]>`
      update public.labels set name = ${input.name}, color = ${input.color}, description = ${input.description ?? null}
      where workspace_id = ${workspaceId} and id = ${labelId}
      returning id, name, color, description`,
  );
  // Members see labels but RLS lets only admins change them: no row came back.
  if (!label) throw new AppError("forbidden", "errors.inbox.onlyAdminsEditLabels");
  const changes = Object.fromEntries(
    (["name", "color", "description"] as const)
      .filter((field) => before[field] !== label[field])
      .map((field) => [field, { from: before[field], to: label[field] }]),
  );
  await recordAudit(tx, {
    workspaceId,
    action: "label.updated",
    target: { type: "label", id: label.id, label: label.name },
    details: { changes },
  });
  return label;
}

/** Deleting a label takes it off every conversation (the foreign key cascades). */
export async function deleteLabel(tx: Tx, workspaceId: string, labelId: string): Promise<void> {
  const [visible] = await tx`select 1 from public.labels where workspace_id = ${workspaceId} and id = ${labelId}`;
  if (!visible) throw notFound();
  const [deleted] = await tx<{ name: string; conversations: number }[]>`
    with gone as (delete from public.labels where workspace_id = ${workspaceId} and id = ${labelId} returning id, name)
    select gone.name, (select count(*)::int from public.conversation_labels cl
                       where cl.workspace_id = ${workspaceId} and cl.label_id = gone.id) as conversations
    from gone`;
  if (!deleted) throw new AppError("forbidden", "errors.inbox.onlyAdminsDeleteLabels");
  await recordAudit(tx, {
    workspaceId,
    action: "label.deleted",
    target: { type: "label", id: labelId, label: deleted.name },
    details: { conversations: deleted.conversations },
  });
}

/** The conversation and the label must both be visible in the workspace: "not found" otherwise. */
async function requireConversationAndLabels(tx: Tx, workspaceId: string, conversationId: string, labelIds: string[]) {
  const [found] = await tx<{ conversation: boolean; labels: number }[]>`
    select exists (select 1 from public.conversations where workspace_id = ${workspaceId} and id = ${conversationId}) as conversation,
           (select count(*)::int from public.labels where workspace_id = ${workspaceId} and id = any(${labelIds}::uuid[])) as labels`;
  if (!found?.conversation) throw new AppError("not_found", "errors.inbox.conversationNotFound");
  if (found.labels !== new Set(labelIds).size) throw notFound();
}

/** Puts labels on a conversation; those it already carries stay as they were. Returns the labels added. */
export async function addLabels(tx: Tx, workspaceId: string, conversationId: string, labelIds: string[]): Promise<string[]> {
  await requireConversationAndLabels(tx, workspaceId, conversationId, labelIds);
  const rows = await tx<{ label_id: string }[]>`
    insert into public.conversation_labels (workspace_id, conversation_id, label_id)
    select ${workspaceId}, ${conversationId}, unnest(${labelIds}::uuid[])
    on conflict do nothing
    returning label_id`;
  return rows.map((r) => r.label_id);
}

/** Takes labels off a conversation. Returns the labels removed. */
export async function removeLabels(tx: Tx, workspaceId: string, conversationId: string, labelIds: string[]): Promise<string[]> {
  await requireConversationAndLabels(tx, workspaceId, conversationId, labelIds);
  const rows = await tx<{ label_id: string }[]>`
    delete from public.conversation_labels
    where workspace_id = ${workspaceId} and conversation_id = ${conversationId} and label_id = any(${labelIds}::uuid[])
    returning label_id`;
  return rows.map((r) => r.label_id);
}

/** A conversation's labels, by name (what the API answers after a change). */
export function conversationLabels(tx: Tx, workspaceId: string, conversationId: string): Promise<Pick<Label, "id" | "name" | "color">[]> {
  return tx<Pick<Label, "id" | "name" | "color">[]>`
    select l.id, l.name, l.color
    from public.conversation_labels cl join public.labels l on l.workspace_id = cl.workspace_id and l.id = cl.label_id
    where cl.workspace_id = ${workspaceId} and cl.conversation_id = ${conversationId}
    order by lower(l.name), l.id`;
}
