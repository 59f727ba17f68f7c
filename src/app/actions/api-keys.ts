"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/server/actions/define-action";
import { API_KEY_SCOPES, createApiKey as create, revokeApiKey as revoke } from "@/server/api/keys";

export const createApiKey = defineAction(
  {
    name: "apiKeys.createApiKey",
    input: z.object({ name: z.string().trim().min(1, "validation.nameTheKey").max(80), scope: z.enum(API_KEY_SCOPES) }),
    role: "admin",
  },
  async ({ tx, actor, input }) => {
    const { key, apiKey } = await create(tx, actor, input);
    revalidatePath("/settings/api");
    return { key, name: apiKey.name };
  },
);

export const revokeApiKey = defineAction(
  { name: "apiKeys.revokeApiKey", input: z.object({ keyId: z.uuid() }), role: "admin" },
  async ({ tx, actor, input }) => {
    await revoke(tx, actor, input.keyId);
    revalidatePath("/settings/api");
    return null;
  },
);
