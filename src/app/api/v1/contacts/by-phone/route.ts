import { handleApiRequest } from "@/server/api/http";
import { contactByPhoneRoute } from "@/server/api/routes";

export const GET = (request: Request) => handleApiRequest(contactByPhoneRoute, request);
