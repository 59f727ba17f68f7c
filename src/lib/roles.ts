export const MEMBER_ROLES = ["owner", "admin", "agent"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const ROLE_LABELS: Record<MemberRole, string> = {
  owner: "Owner",
  admin: "Admin",
  agent: "Agent",
};

export const isAdminRole = (role: MemberRole) => role === "owner" || role === "admin";
