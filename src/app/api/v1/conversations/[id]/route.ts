import { handleApiRequest } from "@/server/api/http";
import { patchConversationRoute } from "@/server/api/routes";

type Context = { params: Promise<{ id: string }> };

export const PATCH = (request: Request, { params }: Context) => handleApiRequest(patchConversationRoute, request, params);
