/**
 * What the audit log records, by subject: the labels the admin page shows
 * and filters by. An action missing here is still listed, under its own name.
 */
export const AUDIT_ACTIONS = {
  "workspace.updated": "Workspace settings changed",
  "workspace.business_hours_updated": "Business hours changed",
  "invitation.created": "Member invited",
  "invitation.revoked": "Invitation revoked",
  "invitation.accepted": "Invitation accepted",
  "member.role_changed": "Role changed",
  "member.removed": "Member removed",
  "member.left": "Member left",
  "channel.connected": "WhatsApp number connected",
  "channel.disconnected": "WhatsApp number disconnected",
  "contact.merged": "Contacts merged",
  "contact.deleted": "Contact deleted",
  "data.exported": "Data exported",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const isAuditAction = (value: string): value is AuditAction => Object.hasOwn(AUDIT_ACTIONS, value);

export const auditActionLabel = (action: string) => (isAuditAction(action) ? AUDIT_ACTIONS[action] : action);
