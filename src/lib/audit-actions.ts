/**
 * What the audit log records, by subject: the actions the admin page
 * describes (a sentence per action in the `audit` catalogue) and filters by.
 */
export const AUDIT_ACTIONS = [
  "workspace.updated",
  "workspace.business_hours_updated",
  "invitation.created",
  "invitation.revoked",
  "invitation.accepted",
  "member.role_changed",
  "member.removed",
  "member.left",
  "ai.settings_updated",
  "api_key.created",
  "api_key.revoked",
  "webhook_subscription.created",
  "webhook_subscription.updated",
  "webhook_subscription.paused",
  "webhook_subscription.resumed",
  "webhook_subscription.deleted",
  "webhook_subscription.secret_rotated",
  "channel.connected",
  "channel.disconnected",
  "template.created",
  "contact.merged",
  "contact.imported",
  "contact.deleted",
  "contact.opted_out",
  "contact.opted_in",
  "workspace.opt_out_keywords_updated",
  "data.exported",
  "label.created",
  "label.updated",
  "label.deleted",
  "conversation.bulk_updated",
  "inbox_view.shared",
  "team.created",
  "team.updated",
  "team.deleted",
  "team.member_added",
  "team.member_removed",
  "channel.default_team_changed",
  "workspace.visibility_changed",
  "broadcast.created",
  "broadcast.cancelled",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const isAuditAction = (value: string): value is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(value);

const show = (value: unknown): string => {
  if (value === null || value === undefined) return "–";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value).replaceAll("_", " ");
  return JSON.stringify(value);
};

const isChange = (value: unknown): value is { from: unknown; to: unknown } =>
  typeof value === "object" && value !== null && "from" in value && "to" in value;

/**
 * One line for an entry's details, in the recorded field names and values:
 * "agent → admin", "time zone: UTC → Asia/Jakarta", "role: agent".
 */
export function describeAuditDetails(details: Record<string, unknown>): string {
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
