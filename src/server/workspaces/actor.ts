import "server-only";
import type { CountryCode } from "@/lib/phone";
import { hasRole, type MemberRole } from "@/lib/roles";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "./context";

/**
 * Who acts in a workspace, as commands record it: both ids resolved on the
 * server (a session and its membership, or a job acting for its creator),
 * never taken from input.
 */
export interface Actor {
  workspaceId: string;
  userId: string;
}

/** A signed-in member acting in their current workspace: what a Server Action is handed. */
export interface ActingMember extends Actor {
  role: MemberRole;
  email: string;
  /** The workspace's default country, for phone numbers typed without one. */
  country: CountryCode;
}

export function actingMember({ claims, workspace }: WorkspaceContext): ActingMember {
  return {
    workspaceId: workspace.id,
    userId: claims.sub,
    role: workspace.role,
    email: claims.email,
    country: workspace.default_country as CountryCode,
  };
}

/**
 * Refuses a member whose role is below `least`, before anything is done for
 * them (RLS checks every write again). Returns the member, for chaining.
 */
export function requireRole<A extends ActingMember>(actor: A, least: MemberRole): A {
  if (hasRole(actor.role, least)) return actor;
  throw least === "owner"
    ? new AppError("forbidden", "errors.common.onlyOwners", { reason: "not_owner" })
    : new AppError("forbidden", "errors.common.onlyAdmins", { reason: "not_admin" });
}
