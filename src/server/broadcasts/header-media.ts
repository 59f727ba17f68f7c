import "server-only";
import { randomUUID } from "node:crypto";
import { mediaProblem, mediaProblemMessage } from "@/lib/whatsapp-media";
import { AppError } from "@/server/errors";
import { putMedia } from "@/server/whatsapp/media/storage";
import type { HeaderMediaFile } from "./template";

/**
 * Keeps a broadcast header's file in the workspace's media storage. A file
 * WhatsApp would refuse whatever the template (type, size) is refused before
 * it is stored; whether it fits the template's header is createBroadcast's check.
 */
export async function storeHeaderMedia(
  workspaceId: string,
  file: { type: string; name: string; size: number; arrayBuffer(): Promise<ArrayBuffer> },
): Promise<HeaderMediaFile> {
  const problem = mediaProblem(file.type, file.size);
  if (problem) throw new AppError("invalid", mediaProblemMessage(problem));
  const storagePath = `${workspaceId}/${randomUUID()}`;
  await putMedia(storagePath, new Uint8Array(await file.arrayBuffer()), file.type);
  return { storagePath, mimeType: file.type, filename: file.name || "file", size: file.size };
}
