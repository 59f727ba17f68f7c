"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { defineAction } from "@/server/actions/define-action";
import { authProvider } from "@/server/auth/mode";
import { workspaceTopic } from "@/server/realtime/hub";

/**
 * How this browser receives live updates for its current workspace:
 * Supabase Realtime's private topic with the user's access token in
 * Supabase mode, or null for the SSE stream of /api/realtime.
 */
export const getRealtimeAccess = defineAction(
  { name: "realtime.getRealtimeAccess", input: z.object({}), role: "member", transaction: false },
  async ({ actor }) => {
    const access = await authProvider().realtimeAccess(await cookies());
    return access ? { ...access, topic: workspaceTopic(actor.workspaceId) } : null;
  },
);
