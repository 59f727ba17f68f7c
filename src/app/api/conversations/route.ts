import { handleApiRequest } from "@/server/api/http";
import { listConversationsAlias } from "@/server/api/routes";

/** The compatibility contract's GET /api/v1/conversations (docs/api.md). */
export const GET = (request: Request) => handleApiRequest(listConversationsAlias, request);
