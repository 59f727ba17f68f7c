import { errorResponse } from "@/server/api/http";

/** Any path under /api/v1 that no endpoint serves: the API's JSON 404, not the app's HTML page. */
const unknownEndpoint = async (request: Request) =>
  errorResponse("not_found", `No endpoint ${request.method} ${new URL(request.url).pathname}; see /api/v1/openapi.json.`);

export { unknownEndpoint as DELETE, unknownEndpoint as GET, unknownEndpoint as PATCH, unknownEndpoint as POST, unknownEndpoint as PUT };
