/**
 * What the live stream carries (SSE, and Supabase broadcasts in the same
 * shapes): the changed rows themselves, so a tab merges them instead of
 * refetching. Types only and one pure rule: the browser imports them too.
 */
import type { ActivityLine } from "@/lib/conversation-activity";
import type { ConversationListItem, ThreadMessage } from "@/server/inbox/queries";

export type LiveEvent =
  /** A conversation's list item as it now stands (also the thread header's list fields). */
  | { kind: "conversation"; conversation: ConversationListItem }
  /** The conversation left what this viewer may see (reassigned away, or deleted). */
  | { kind: "gone"; id: string }
  /** A message of a thread, new or changed (status, reactions, edits). */
  | { kind: "message"; conversationId: string; message: ThreadMessage }
  /** Supabase mode: a message or activity line by id (the thread showing it reads it). */
  | { kind: "touched"; conversationId: string }
  | { kind: "activity"; line: ActivityLine }
  /** A contact changed: its rows come as `conversation` events; a header showing it reads it again. */
  | { kind: "contact"; id: string }
  /** Events may have been missed: refetch what is shown. */
  | { kind: "resync" };

/** Who is watching, as RLS sees them (private.all_conversations_workspaces, private.my_teams). */
export interface Viewer {
  userId: string;
  /** Owners, admins, and everyone in a workspace whose visibility is 'all'. */
  seesAll: boolean;
  teams: ReadonlySet<string>;
}

/** The conversations policy of 20261206110050, in memory: own, own team's, or unassigned. */
export function maySee(viewer: Viewer, c: { assigned_to: string | null; team_id: string | null }): boolean {
  return viewer.seesAll || c.assigned_to === null || c.assigned_to === viewer.userId || (c.team_id !== null && viewer.teams.has(c.team_id));
}
