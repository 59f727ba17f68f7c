import { handleApiRequest } from "@/server/api/http";
import { getBroadcastRoute } from "@/server/api/routes";

export const GET = (request: Request, { params }: { params: Promise<{ id: string }> }) =>
  handleApiRequest(getBroadcastRoute, request, params);
