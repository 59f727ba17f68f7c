import "server-only";
import { z } from "zod";
import { TEST_EVENT_TYPE } from "@/lib/webhook-events";
import { HTTP_STATUS } from "@/server/errors";
import type { AnyApiRoute } from "./http";
import { API_ROUTES, API_VERSION_PREFIX, COMPAT_ROUTES } from "./routes";
import { errorBody } from "./schemas";
import { EVENT_DATA, EVENT_DESCRIPTIONS, eventEnvelope, testEventData } from "./webhook-event-schemas";

type JsonSchema = Record<string, unknown>;

const COMMON_ERRORS = [401, 403, 429, 500];
const ERROR_DESCRIPTIONS: Record<number, string> = Object.fromEntries(
  Object.entries({
    401: "No key, an unknown key or a revoked key.",
    403: "The key's scope does not allow this (a read key cannot write).",
    404: "Not found in this key's workspace (other workspaces' ids are not found either).",
    409: "Refused by a rule, e.g. outside the 24-hour window (details.reason).",
    413: "The body is larger than 1 MB.",
    422: "Invalid input; the message names the failing field, details.issues lists all.",
    429: "Rate limit of the key reached; retry after the Retry-After header's seconds.",
    500: "Something failed on our side; no details are given.",
  }),
);

/**
 * Converts one zod schema. Named schemas (`.meta({ id })`) land in `defs`
 * once and are referenced as components.
 */
function convert(schema: z.ZodType, io: "input" | "output", defs: Record<string, JsonSchema>): JsonSchema {
  const {
    $schema: _,
    $defs,
    ...json
  } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema & {
    $defs?: Record<string, JsonSchema>;
  };
  Object.assign(defs, $defs ?? {});
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
}

function parameters(route: AnyApiRoute, defs: Record<string, JsonSchema>) {
  const from = (schema: z.ZodType | undefined, where: "path" | "query") => {
    if (!schema) return [];
    const json = convert(schema, "input", defs) as { properties?: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(json.properties ?? {}).map(([name, property]) => ({
      name,
      in: where,
      required: where === "path" || (json.required ?? []).includes(name),
      ...(typeof property.description === "string" ? { description: property.description } : {}),
      schema: property,
    }));
  };
  const headers = (route.headerParams ?? []).map((header) => ({
    name: header.name,
    in: "header",
    required: false,
    description: header.description,
    schema: convert(header.schema, "input", defs),
  }));
  return [...from(route.params, "path"), ...from(route.query, "query"), ...headers];
}

function operation(route: AnyApiRoute, defs: Record<string, JsonSchema>) {
  const success = convert(route.success.schema, "output", defs);
  const error = convert(errorBody, "output", defs);
  const responses: Record<string, unknown> = {};
  for (const status of [route.success.status, ...(route.success.statuses ?? [])]) {
    responses[String(status)] = { description: route.success.description, content: { "application/json": { schema: success } } };
  }
  for (const status of [...route.errors, ...(route.body ? [413] : []), ...COMMON_ERRORS].sort()) {
    responses[String(status)] = {
      description: ERROR_DESCRIPTIONS[status] ?? "Error",
      ...(status === 429 ? { headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait." } } } : {}),
      content: { "application/json": { schema: error } },
    };
  }
  const bodyExamples = (route.examples ?? []).flatMap((example, index) =>
    example.body === undefined ? [] : [[`example${index + 1}`, { value: example.body }] as const],
  );
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.aliasOf ? { deprecated: false, "x-alias-of": route.aliasOf.operationId } : {}),
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    "x-required-scope": route.scope,
    parameters: parameters(route, defs),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: convert(route.body, "input", defs),
                ...(bodyExamples.length ? { examples: Object.fromEntries(bodyExamples) } : {}),
              },
            },
          },
        }
      : {}),
    responses,
  };
}

const WEBHOOK_HEADERS = [
  ["Conversa-Webhook-Id", "The event's id (the body's `id`): the same on every retry and replay, so receivers can de-duplicate."],
  ["Conversa-Webhook-Timestamp", "Unix seconds when this attempt was signed; refuse old ones (e.g. older than 5 minutes)."],
  ["Conversa-Webhook-Signature", "`v1=` and the hex HMAC-SHA256 of `<timestamp>.<raw body>`, keyed with the endpoint's signing secret."],
] as const;

/**
 * Outbound webhooks as OpenAPI 3.1 describes them (the top-level `webhooks`
 * field): what we POST to a subscribed endpoint for each event type, from the
 * same schemas the worker's payloads are checked against in the tests.
 */
function webhookOperations(defs: Record<string, JsonSchema>) {
  const events: [string, z.ZodType][] = [...Object.entries(EVENT_DATA), [TEST_EVENT_TYPE, testEventData]];
  return Object.fromEntries(
    events.map(([type, data]) => [
      type,
      {
        post: {
          operationId: `webhook_${type.replace(".", "_")}`,
          summary: EVENT_DESCRIPTIONS[type as keyof typeof EVENT_DESCRIPTIONS],
          tags: ["Webhooks"],
          parameters: WEBHOOK_HEADERS.map(([name, description]) => ({
            name,
            in: "header",
            required: true,
            description,
            schema: { type: "string" },
          })),
          requestBody: { required: true, content: { "application/json": { schema: convert(eventEnvelope(type, data), "output", defs) } } },
          responses: {
            "2XX": { description: "Received. Any other answer, or none within 10 s, is retried with exponential backoff." },
          },
        },
      },
    ]),
  );
}

/** The OpenAPI 3.1 document of /api/v1, built from the routes the handlers run. */
export function openApiDocument() {
  const defs: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(route, defs);
  }
  // The compatibility contract's paths are absolute: their server is the site's root, not /api/v1.
  for (const route of COMPAT_ROUTES) {
    paths[route.path] ??= { servers: [{ url: "/", description: "The compatibility contract (docs/api.md), outside /api/v1." }] };
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(route, defs);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Conversa API",
      version: "1.0.0",
      description:
        "Contacts, conversations, sends and broadcasts of one workspace, with a workspace API key (Settings → API). " +
        `Errors always have the shape {"error": {"code", "message", "details"}}; codes map to HTTP statuses: ${Object.entries(HTTP_STATUS)
          .map(([code, status]) => `${code} ${status}`)
          .join(", ")}.`,
    },
    servers: [{ url: API_VERSION_PREFIX }],
    security: [{ apiKey: [] }, { apiKeyHeader: [] }],
    paths,
    webhooks: webhookOperations(defs),
    components: {
      schemas: defs,
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "A workspace API key: `Authorization: Bearer cv_…`." },
        apiKeyHeader: { type: "apiKey", in: "header", name: "x-api-key", description: "The same key as `x-api-key: cv_…`." },
      },
    },
  };
}
