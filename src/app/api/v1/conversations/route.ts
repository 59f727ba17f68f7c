import { handleApiRequest } from "@/server/api/http";
import { listConversationsRoute } from "@/server/api/routes";

export const GET = (request: Request) => handleApiRequest(listConversationsRoute, request);
