import { handleApiRequest } from "@/server/api/http";
import { createLabelRoute, listLabelsRoute } from "@/server/api/routes";

export const GET = (request: Request) => handleApiRequest(listLabelsRoute, request);
export const POST = (request: Request) => handleApiRequest(createLabelRoute, request);
