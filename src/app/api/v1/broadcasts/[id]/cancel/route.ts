import { handleApiRequest } from "@/server/api/http";
import { cancelBroadcastRoute } from "@/server/api/routes";

export const POST = (request: Request, { params }: { params: Promise<{ id: string }> }) =>
  handleApiRequest(cancelBroadcastRoute, request, params);
