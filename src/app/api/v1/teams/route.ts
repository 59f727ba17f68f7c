import { handleApiRequest } from "@/server/api/http";
import { listTeamsRoute } from "@/server/api/routes";

export const GET = (request: Request) => handleApiRequest(listTeamsRoute, request);
