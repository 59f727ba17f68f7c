import { handleApiRequest } from "@/server/api/http";
import { createBroadcastRoute, listBroadcastsRoute } from "@/server/api/routes";

export const GET = (request: Request) => handleApiRequest(listBroadcastsRoute, request);
export const POST = (request: Request) => handleApiRequest(createBroadcastRoute, request);
