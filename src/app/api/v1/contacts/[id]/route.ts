import { handleApiRequest } from "@/server/api/http";
import { getContactRoute, patchContactRoute } from "@/server/api/routes";

type Context = { params: Promise<{ id: string }> };

export const GET = (request: Request, { params }: Context) => handleApiRequest(getContactRoute, request, params);
export const PATCH = (request: Request, { params }: Context) => handleApiRequest(patchContactRoute, request, params);
