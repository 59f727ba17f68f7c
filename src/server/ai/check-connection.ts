import "server-only";
import type { Translate } from "@/lib/readable-issues";
import { asService } from "@/server/db/client";
import { render } from "@/server/errors";
import { checkModel, ModelError } from "./model";
import { loadAssistantConfig } from "./settings";

export type ConnectionCheck = { ok: true; model: string } | { ok: false; message: string; technical?: string };

/**
 * Asks the workspace's saved model server whether it knows the saved model,
 * within the saved timeout. Read as the service (the key is decrypted only
 * here) and outside any transaction: the server may take seconds to answer.
 * What is wrong is said in the admin's language (`t`; English without one).
 */
export async function checkSavedConnection(workspaceId: string, t?: Translate): Promise<ConnectionCheck> {
  const config = await asService((tx) => loadAssistantConfig(tx, workspaceId));
  if (!config) return { ok: false, message: render("errors.ai.saveSettingsFirst", t) };
  try {
    await checkModel(config);
    return { ok: true, model: config.model };
  } catch (error) {
    if (error instanceof ModelError) return { ok: false, message: render(error.text, t), technical: error.technical };
    throw error;
  }
}
