import "server-only";
import { recordAudit } from "@/server/audit/record";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import { assertAdmin } from "@/server/workspaces/queries";

/** Whether agents (not only admins) may create and run broadcasts in this workspace. */
export async function agentsSendBroadcasts(tx: Tx, workspaceId: string): Promise<boolean> {
  const [row] = await tx<Pick<Row<"workspaces">, "agents_send_broadcasts">[]>`
    select agents_send_broadcasts from public.workspaces where id = ${workspaceId}`;
  if (!row) throw new AppError("not_found", "errors.workspaces.notFound");
  return row.agents_send_broadcasts;
}

/** The admins' setting, audited like the workspace's other settings. */
export async function setAgentsSendBroadcasts(tx: Tx, workspaceId: string, allowed: boolean) {
  await assertAdmin(tx, workspaceId);
  const before = await agentsSendBroadcasts(tx, workspaceId);
  if (before === allowed) return;
  await tx`update public.workspaces set agents_send_broadcasts = ${allowed} where id = ${workspaceId}`;
  await recordAudit(tx, {
    workspaceId,
    action: "workspace.updated",
    target: { type: "workspace", id: workspaceId },
    details: { changes: { agents_send_broadcasts: { from: before, to: allowed } } },
  });
}
