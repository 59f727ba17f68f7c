import "server-only";
import type { Tx } from "@/server/db/client";
import { listTeams as teamsOf } from "@/server/teams/queries";
import type { ApiTeam } from "./schemas";

/** The workspace's teams as the API shows them. */
export async function listTeams(tx: Tx, workspaceId: string): Promise<ApiTeam[]> {
  return (await teamsOf(tx, workspaceId)).map(({ queued: _queued, ...team }) => team);
}
