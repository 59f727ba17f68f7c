import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getSessionClaims } from "@/server/auth/current-user";
import type { UserClaims } from "@/server/db/claims";
import { asUser } from "@/server/db/client";
import { listMyWorkspaces, type WorkspaceSummary } from "./queries";

export const WORKSPACE_COOKIE = "conversa_workspace";

export interface WorkspaceContext {
  claims: UserClaims;
  /** The workspace this request acts in: chosen by the user, always one they belong to. */
  workspace: WorkspaceSummary;
  workspaces: WorkspaceSummary[];
}

/**
 * Resolves who is asking and in which workspace, once per request. The
 * workspace comes from the user's memberships, never from client input: the
 * cookie only picks among them.
 */
export const getWorkspaceContext = cache(async (): Promise<WorkspaceContext | null> => {
  const claims = await getSessionClaims();
  if (!claims) return null;
  return resolveWorkspaceContext(claims, (await cookies()).get(WORKSPACE_COOKIE)?.value);
});

/** The workspace a user acts in: the chosen one if they belong to it, else their home; null without any. */
export async function resolveWorkspaceContext(claims: UserClaims, chosen: string | undefined): Promise<WorkspaceContext | null> {
  const workspaces = await asUser(claims, (tx) => listMyWorkspaces(tx));
  // Without a choice yet: the workspace the user has belonged to longest (their home).
  const home = workspaces.reduce<WorkspaceSummary | undefined>(
    (oldest, w) => (!oldest || w.joined_at < oldest.joined_at ? w : oldest),
    undefined,
  );
  const workspace = workspaces.find((w) => w.id === chosen) ?? home;
  if (!workspace) return null;
  return { claims, workspace, workspaces };
}

/** For pages: the context, or off to sign-in (no session) or onboarding (no workspace). */
export async function requireWorkspaceContext(): Promise<WorkspaceContext> {
  const claims = await getSessionClaims();
  if (!claims) redirect("/login");
  const context = await getWorkspaceContext();
  if (!context) redirect("/welcome");
  return context;
}
