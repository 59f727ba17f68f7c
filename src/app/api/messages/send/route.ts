import { handleApiRequest } from "@/server/api/http";
import { sendMessageAlias } from "@/server/api/routes";

/** The compatibility contract's POST /api/v1/messages (docs/api.md). */
export const POST = (request: Request) => handleApiRequest(sendMessageAlias, request);
