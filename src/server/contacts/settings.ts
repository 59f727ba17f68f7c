import "server-only";
import { type ContactFieldType, keyFromLabel } from "@/lib/contact-fields";
import type { Tone as BadgeTone } from "@/lib/tones";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError, type ErrorText, fromDatabaseError } from "@/server/errors";
import { assertAdmin } from "@/server/workspaces/queries";
import type { ContactActor } from "./commands";

/**
 * A workspace's pipeline stages and custom contact fields, managed by
 * owners and admins (RLS refuses members too; the check here gives the
 * clear message).
 */

async function insertUnique<T>(tx: Tx, message: ErrorText, write: (sp: Tx) => Promise<T>): Promise<T> {
  try {
    return (await tx.savepoint((sp) => write(sp))) as T;
  } catch (error) {
    throw fromDatabaseError(error, message) ?? error;
  }
}

export async function createStage(tx: Tx, actor: ContactActor, input: { label: string; tone: BadgeTone }): Promise<{ key: string }> {
  await assertAdmin(tx, actor.workspaceId);
  const label = input.label.trim();
  const key = keyFromLabel(label, "-");
  if (!key) throw new AppError("invalid", "errors.settings.stageNeedsName");
  await insertUnique(
    tx,
    { key: "errors.settings.stageTaken", values: { label } },
    (sp) => sp`
      insert into public.lead_stages (workspace_id, key, label, tone, position)
      select ${actor.workspaceId}, ${key}, ${label}, ${input.tone}, coalesce(max(position) + 1, 0)
      from public.lead_stages where workspace_id = ${actor.workspaceId}`,
  );
  return { key };
}

export async function updateStage(tx: Tx, actor: ContactActor, key: string, changes: { label?: string; tone?: BadgeTone }) {
  await assertAdmin(tx, actor.workspaceId);
  const columns: Record<string, unknown> = {};
  if (changes.label !== undefined) columns.label = changes.label.trim();
  if (changes.tone !== undefined) columns.tone = changes.tone;
  if (Object.keys(columns).length === 0) return;
  const rows = await tx`
    update public.lead_stages set ${tx(columns)} where workspace_id = ${actor.workspaceId} and key = ${key} returning key`;
  if (rows.length === 0) throw new AppError("not_found", "errors.settings.stageNotFound");
}

/** The pipeline's new order: every stage's key, first to last. */
export async function reorderStages(tx: Tx, actor: ContactActor, keys: string[]) {
  await assertAdmin(tx, actor.workspaceId);
  const current = await tx<Pick<Row<"lead_stages">, "key">[]>`
    select key from public.lead_stages where workspace_id = ${actor.workspaceId} for update`;
  const same = current.length === keys.length && new Set(keys).size === keys.length && current.every((s) => keys.includes(s.key));
  if (!same) throw new AppError("conflict", "errors.settings.stagesChanged");
  await tx`
    update public.lead_stages s set position = o.position::int
    from unnest(${tx.array(keys)}::text[]) with ordinality as o(key, position)
    where s.workspace_id = ${actor.workspaceId} and s.key = o.key`;
}

/** Removes a stage; its contacts move to `moveTo` first (each move is on their timeline). */
export async function deleteStage(tx: Tx, actor: ContactActor, key: string, moveTo: string) {
  await assertAdmin(tx, actor.workspaceId);
  if (key === moveTo) throw new AppError("invalid", "errors.settings.chooseAnotherStage");
  const [target] = await tx`select 1 from public.lead_stages where workspace_id = ${actor.workspaceId} and key = ${moveTo}`;
  if (!target) throw new AppError("invalid", "errors.settings.moveToStageMissing");
  await tx`update public.contacts set lead_status = ${moveTo} where workspace_id = ${actor.workspaceId} and lead_status = ${key}`;
  const rows = await tx`delete from public.lead_stages where workspace_id = ${actor.workspaceId} and key = ${key} returning key`;
  if (rows.length === 0) throw new AppError("not_found", "errors.settings.stageNotFound");
}

export async function createField(tx: Tx, actor: ContactActor, input: { label: string; type: ContactFieldType }): Promise<{ key: string }> {
  await assertAdmin(tx, actor.workspaceId);
  const label = input.label.trim();
  const key = keyFromLabel(label);
  if (!key) throw new AppError("invalid", "errors.settings.fieldNeedsName");
  await insertUnique(
    tx,
    { key: "errors.settings.fieldTaken", values: { label } },
    (sp) => sp`
      insert into public.contact_fields (workspace_id, key, label, type, position)
      select ${actor.workspaceId}, ${key}, ${label}, ${input.type}, coalesce(max(position) + 1, 0)
      from public.contact_fields where workspace_id = ${actor.workspaceId}`,
  );
  return { key };
}

/** Removes a field and its values from every contact. */
export async function deleteField(tx: Tx, actor: ContactActor, key: string) {
  await assertAdmin(tx, actor.workspaceId);
  const rows = await tx`delete from public.contact_fields where workspace_id = ${actor.workspaceId} and key = ${key} returning key`;
  if (rows.length === 0) throw new AppError("not_found", "errors.settings.fieldNotFound");
  await tx`
    update public.contacts set custom_attributes = custom_attributes - ${key}::text
    where workspace_id = ${actor.workspaceId} and custom_attributes ? ${key}`;
}
