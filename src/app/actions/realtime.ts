"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { defineAction } from "@/server/actions/define-action";
import { authProvider } from "@/server/auth/mode";
import { asUser } from "@/server/db/client";
import { liveTopics } from "@/server/realtime/topics";

/**
 * How this browser receives live updates for its current workspace:
 * Supabase Realtime's private topics this member may join, with the user's
 * access token, in Supabase mode; or null for the SSE stream of /api/realtime.
 */
export const getRealtimeAccess = defineAction(
  { name: "realtime.getRealtimeAccess", input: z.object({}), role: "member", transaction: false },
  async ({ actor, context }) => {
    const access = await authProvider().realtimeAccess(await cookies());
    if (!access) return null;
    const topics = await asUser(context.claims, (tx) => liveTopics(tx, actor.workspaceId, actor.userId));
    return { ...access, topics };
  },
);
