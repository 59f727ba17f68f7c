import { handleApiRequest } from "@/server/api/http";
import { listContactsRoute, upsertContactRoute } from "@/server/api/routes";

export const GET = (request: Request) => handleApiRequest(listContactsRoute, request);
export const POST = (request: Request) => handleApiRequest(upsertContactRoute, request);
