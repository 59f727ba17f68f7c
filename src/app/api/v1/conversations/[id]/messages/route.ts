import { handleApiRequest } from "@/server/api/http";
import { listMessagesRoute } from "@/server/api/routes";

export const GET = (request: Request, { params }: { params: Promise<{ id: string }> }) =>
  handleApiRequest(listMessagesRoute, request, params);
