import { handleApiRequest } from "@/server/api/http";
import { contactByPhoneAlias } from "@/server/api/routes";

/** The compatibility contract's GET /api/v1/contacts/by-phone (docs/api.md). */
export const GET = (request: Request) => handleApiRequest(contactByPhoneAlias, request);
