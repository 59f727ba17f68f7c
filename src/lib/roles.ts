export const MEMBER_ROLES = ["owner", "admin", "agent"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

const RANK: Record<MemberRole, number> = { agent: 0, admin: 1, owner: 2 };

/** Whether `role` may do what `least` may: an owner what an admin may, an admin what an agent may. */
export const hasRole = (role: MemberRole, least: MemberRole) => RANK[role] >= RANK[least];

export const isAdminRole = (role: MemberRole) => hasRole(role, "admin");
