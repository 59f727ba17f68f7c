"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { workspaceAction } from "@/server/actions/define-action";
import { API_KEY_SCOPES, createApiKey as create, revokeApiKey as revoke } from "@/server/api/keys";
import { asUser } from "@/server/db/client";

export const createApiKey = workspaceAction(
  z.object({ name: z.string().trim().min(1, "Name the key").max(80), scope: z.enum(API_KEY_SCOPES) }),
  async ({ claims, workspace }, input) => {
    const { key, apiKey } = await asUser(claims, (tx) => create(tx, { workspaceId: workspace.id, userId: claims.sub }, input));
    revalidatePath("/settings/api");
    return { key, name: apiKey.name };
  },
);

export const revokeApiKey = workspaceAction(z.object({ keyId: z.uuid() }), async ({ claims, workspace }, input) => {
  await asUser(claims, (tx) => revoke(tx, { workspaceId: workspace.id, userId: claims.sub }, input.keyId));
  revalidatePath("/settings/api");
  return null;
});
