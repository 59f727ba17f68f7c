import "server-only";
import { isAdminRole } from "@/lib/roles";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/inbox/commands";
import type { WorkspaceContext } from "@/server/workspaces/context";

/**
 * Connecting numbers calls providers before any row is written, so the
 * role is checked up front (RLS checks it again on every write).
 */
export function requireAdmin({ claims, workspace }: WorkspaceContext): Actor {
  if (!isAdminRole(workspace.role)) {
    throw new AppError("forbidden", "Only admins can manage WhatsApp numbers.", { reason: "not_admin" });
  }
  return { workspaceId: workspace.id, userId: claims.sub };
}
