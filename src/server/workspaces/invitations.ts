import "server-only";
import type { MemberRole } from "@/lib/roles";
import { recordAudit } from "@/server/audit/record";
import { authProvider } from "@/server/auth/mode";
import { findUserByEmail } from "@/server/auth/users";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError, type ErrorKey } from "@/server/errors";
import { assertAdmin } from "./queries";

export const INVITATION_TTL_DAYS = 7;

export type PendingInvitation = Pick<Row<"workspace_invitations">, "id" | "email" | "role" | "token" | "created_at" | "expires_at"> & {
  expired: boolean;
};

export type InvitationStatus = "pending" | "expired" | "accepted" | "revoked";

export interface InvitationPreview {
  workspaceId: string;
  workspaceName: string;
  email: string;
  role: MemberRole;
  status: InvitationStatus;
  /** Whether the invited address already has an account with a password (then they sign in instead of choosing one). */
  accountExists: boolean;
}

/**
 * Invites an email with a role. An open invitation for the same address is
 * revoked and replaced (a fresh link and expiry). Owners alone invite owners
 * (RLS). Runs as the signed-in admin.
 */
export async function createInvitation(
  tx: Tx,
  workspaceId: string,
  input: { email: string; role: MemberRole },
  now = new Date(),
): Promise<PendingInvitation> {
  await assertAdmin(tx, workspaceId);
  const email = input.email.trim().toLowerCase();
  const [member] = await tx`select 1 from public.list_workspace_members(${workspaceId}) where lower(email) = ${email}`;
  if (member) throw new AppError("conflict", "errors.workspaces.alreadyMember");
  await tx`
    update public.workspace_invitations set revoked_at = ${now}
    where workspace_id = ${workspaceId} and email = ${email} and accepted_at is null and revoked_at is null`;
  const [created] = await tx<PendingInvitation[]>`
    insert into public.workspace_invitations (workspace_id, email, role, invited_by, expires_at)
    values (${workspaceId}, ${email}, ${input.role}, auth.uid(), ${now}::timestamptz + make_interval(days => ${INVITATION_TTL_DAYS}))
    returning id, email, role, token, created_at, expires_at, false as expired`;
  if (!created) throw new Error("invitation insert returned no row");
  await recordAudit(tx, {
    workspaceId,
    action: "invitation.created",
    target: { type: "invitation", id: created.id, label: email },
    details: { role: input.role, expires_at: created.expires_at.toISOString() },
  });
  return created;
}

/** Open invitations (not accepted, not revoked), expired ones flagged. Admins only (RLS). */
export function listPendingInvitations(tx: Tx, workspaceId: string, now = new Date()) {
  return tx<PendingInvitation[]>`
    select id, email, role, token, created_at, expires_at, expires_at <= ${now} as expired
    from public.workspace_invitations
    where workspace_id = ${workspaceId} and accepted_at is null and revoked_at is null
    order by created_at desc`;
}

export async function revokeInvitation(tx: Tx, workspaceId: string, invitationId: string, now = new Date()) {
  await assertAdmin(tx, workspaceId);
  const [revoked] = await tx<Pick<Row<"workspace_invitations">, "email" | "role">[]>`
    update public.workspace_invitations set revoked_at = ${now}
    where workspace_id = ${workspaceId} and id = ${invitationId} and accepted_at is null and revoked_at is null
    returning email, role`;
  if (!revoked) throw new AppError("not_found", "errors.workspaces.invitationNotOpen");
  await recordAudit(tx, {
    workspaceId,
    action: "invitation.revoked",
    target: { type: "invitation", id: invitationId, label: revoked.email },
    details: { role: revoked.role },
  });
}

type InvitationRow = Pick<
  Row<"workspace_invitations">,
  "id" | "workspace_id" | "email" | "role" | "expires_at" | "accepted_at" | "revoked_at"
> & { workspace_name: string };

function statusOf(row: InvitationRow, now: Date): InvitationStatus {
  if (row.accepted_at) return "accepted";
  if (row.revoked_at) return "revoked";
  return row.expires_at <= now ? "expired" : "pending";
}

async function findByToken(tx: Tx, token: string, lock: boolean) {
  const [row] = await tx<InvitationRow[]>`
    select i.id, i.workspace_id, w.name as workspace_name, i.email, i.role, i.expires_at, i.accepted_at, i.revoked_at
    from public.workspace_invitations i
    join public.workspaces w on w.id = i.workspace_id
    where i.token = ${token}
    ${lock ? tx`for update of i` : tx``}`;
  return row ?? null;
}

/** What the invitation page shows. Service role: the visitor may not be signed in. */
export async function previewInvitation(tx: Tx, token: string, now = new Date()): Promise<InvitationPreview | null> {
  const row = await findByToken(tx, token, false);
  if (!row) return null;
  const [account] = await findUserByEmail(tx, row.email);
  return {
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    email: row.email,
    role: row.role,
    status: statusOf(row, now),
    accountExists: Boolean(account?.has_password),
  };
}

const REFUSALS: Record<Exclude<InvitationStatus, "pending">, ErrorKey> = {
  expired: "errors.workspaces.invitationExpired",
  accepted: "errors.workspaces.invitationUsed",
  revoked: "errors.workspaces.invitationRevoked",
};

/** Throws the refusal, written for the invitee, when an invitation can no longer be accepted. */
export function assertInvitationOpen(status: InvitationStatus) {
  if (status !== "pending") throw new AppError(status === "expired" ? "invalid" : "conflict", REFUSALS[status]);
}

/**
 * Accepts an invitation: the invited address joins with the invited role,
 * either with an account created now (a new person chose a password: the
 * auth mode's createAccount) or with the account that already has that
 * email (the caller has checked it is theirs: signed in as it, or its
 * password). The invitation is locked,
 * so it is used once even when accepted twice at the same moment.
 * Service role.
 */
export async function acceptInvitation(
  tx: Tx,
  token: string,
  account: { kind: "new"; password: string; fullName: string } | { kind: "existing"; userId: string },
  now = new Date(),
): Promise<{ workspaceId: string; user: { id: string; email: string } }> {
  const row = await findByToken(tx, token, true);
  if (!row) throw new AppError("not_found", "errors.workspaces.invitationInvalid");
  assertInvitationOpen(statusOf(row, now));

  let user: { id: string; email: string };
  if (account.kind === "new") {
    user = await authProvider().createAccount(tx, { email: row.email, password: account.password, fullName: account.fullName });
  } else {
    const [existing] = await findUserByEmail(tx, row.email);
    if (existing?.id !== account.userId)
      throw new AppError("forbidden", { key: "errors.workspaces.invitationFor", values: { email: row.email } });
    user = existing;
  }

  // Someone who is already a member keeps their role: an invitation never demotes.
  await tx`
    insert into public.workspace_members (workspace_id, user_id, role)
    values (${row.workspace_id}, ${user.id}, ${row.role})
    on conflict (workspace_id, user_id) do nothing`;
  await tx`update public.workspace_invitations set accepted_at = ${now}, accepted_by = ${user.id} where id = ${row.id}`;
  await recordAudit(tx, {
    workspaceId: row.workspace_id,
    action: "invitation.accepted",
    target: { type: "member", id: user.id, label: user.email },
    details: { role: row.role, invitation_id: row.id, new_account: account.kind === "new" },
    actorId: user.id,
  });
  return { workspaceId: row.workspace_id, user };
}
