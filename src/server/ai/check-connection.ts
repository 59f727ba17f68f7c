import "server-only";
import { asService } from "@/server/db/client";
import { checkModel, ModelError } from "./model";
import { loadAssistantConfig } from "./settings";

export type ConnectionCheck = { ok: true; model: string } | { ok: false; message: string; technical?: string };

/**
 * Asks the workspace's saved model server whether it knows the saved model,
 * within the saved timeout. Read as the service (the key is decrypted only
 * here) and outside any transaction: the server may take seconds to answer.
 */
export async function checkSavedConnection(workspaceId: string): Promise<ConnectionCheck> {
  const config = await asService((tx) => loadAssistantConfig(tx, workspaceId));
  if (!config) return { ok: false, message: "Save the assistant's settings first." };
  try {
    await checkModel(config);
    return { ok: true, model: config.model };
  } catch (error) {
    if (error instanceof ModelError) return { ok: false, message: error.message, technical: error.technical };
    throw error;
  }
}
