import { handleApiRequest } from "@/server/api/http";
import { listTemplatesRoute } from "@/server/api/routes";

export const GET = (request: Request) => handleApiRequest(listTemplatesRoute, request);
