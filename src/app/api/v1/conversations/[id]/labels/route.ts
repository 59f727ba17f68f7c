import { handleApiRequest } from "@/server/api/http";
import { addConversationLabelsRoute, removeConversationLabelsRoute } from "@/server/api/routes";

export const POST = (request: Request, { params }: { params: Promise<{ id: string }> }) =>
  handleApiRequest(addConversationLabelsRoute, request, params);
export const DELETE = (request: Request, { params }: { params: Promise<{ id: string }> }) =>
  handleApiRequest(removeConversationLabelsRoute, request, params);
