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
  "ai.settings_updated": "AI assistant settings changed",
  "api_key.created": "API key created",
  "api_key.revoked": "API key revoked",
  "webhook_subscription.created": "Webhook subscription added",
  "webhook_subscription.updated": "Webhook subscription changed",
  "webhook_subscription.paused": "Webhook subscription paused",
  "webhook_subscription.resumed": "Webhook subscription resumed",
  "webhook_subscription.deleted": "Webhook subscription deleted",
  "webhook_subscription.secret_rotated": "Webhook signing secret rotated",
  "channel.connected": "WhatsApp number connected",
  "channel.disconnected": "WhatsApp number disconnected",
  "template.created": "Message template submitted",
  "contact.merged": "Contacts merged",
  "contact.imported": "Contacts imported",
  "contact.deleted": "Contact deleted",
  "contact.opted_out": "Contact opted out of broadcasts",
  "contact.opted_in": "Contact opted back in to broadcasts",
  "workspace.opt_out_keywords_updated": "Opt-out keywords changed",
  "data.exported": "Data exported",
  "label.created": "Label created",
  "label.updated": "Label changed",
  "label.deleted": "Label deleted",
  "conversation.bulk_updated": "Conversations changed in bulk",
  "inbox_view.shared": "Inbox view shared",
  "team.created": "Team created",
  "team.updated": "Team changed",
  "team.deleted": "Team deleted",
  "team.member_added": "Team member added",
  "team.member_removed": "Team member removed",
  "channel.default_team_changed": "Number's default team changed",
  "workspace.visibility_changed": "Conversation visibility changed",
  "broadcast.created": "Broadcast created",
  "broadcast.cancelled": "Broadcast cancelled",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const isAuditAction = (value: string): value is AuditAction => Object.hasOwn(AUDIT_ACTIONS, value);

export const auditActionLabel = (action: string) => (isAuditAction(action) ? AUDIT_ACTIONS[action] : action);

const show = (value: unknown): string => {
  if (value === null || value === undefined) return "–";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value).replaceAll("_", " ");
  return JSON.stringify(value);
};

const isChange = (value: unknown): value is { from: unknown; to: unknown } =>
  typeof value === "object" && value !== null && "from" in value && "to" in value;

/** One readable line for an entry's details: "agent → admin", "time zone: UTC → Asia/Jakarta", "role: agent". */
export function describeAuditDetails(action: string, details: Record<string, unknown>): string {
  if (action === "workspace.business_hours_updated") return "Opening hours updated";
  if (isChange(details)) return `${show(details.from)} → ${show(details.to)}`;
  const changes = details.changes;
  if (typeof changes === "object" && changes !== null) {
    return Object.entries(changes)
      .filter(([, change]) => isChange(change))
      .map(
        ([field, change]) =>
          `${field.replaceAll("_", " ")}: ${show((change as { from: unknown }).from)} → ${show((change as { to: unknown }).to)}`,
      )
      .join("; ");
  }
  return Object.entries(details)
    .filter(([key]) => !key.endsWith("_id") && key !== "expires_at")
    .map(([key, value]) => `${key.replaceAll("_", " ")}: ${show(value)}`)
    .join("; ");
}
