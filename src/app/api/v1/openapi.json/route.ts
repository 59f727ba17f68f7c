import { openApiDocument } from "@/server/api/openapi";

/** The OpenAPI 3.1 document, generated from the handlers' own zod schemas. */
export function GET() {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
