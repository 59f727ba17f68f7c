import "server-only";
import type { z } from "zod";
import { translatedMessage } from "@/lib/readable-issues";
import { asApiKey, type Tx } from "@/server/db/client";
import { type ApiErrorCode, AppError, fromDatabaseError, HTTP_STATUS, inEnglish } from "@/server/errors";
import { readBodyWithin } from "@/server/http/read-body";
import { logger, requestIdOf, withLogContext } from "@/server/log";
import { type ApiKeyContext, authenticateApiKey } from "./authenticate";
import { ApiError, apiRefusal, invalidInput, unknownStage } from "./errors";
import type { ApiKeyScope } from "./keys";

/** The largest request body the API reads; a send or a contact upsert is a few kB. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface ApiRequestContext<P, Q, B> {
  tx: Tx;
  key: ApiKeyContext;
  params: P;
  query: Q;
  body: B;
  headers: Headers;
  /** Headers to add to the success response. */
  responseHeaders: Headers;
}

/**
 * One endpoint of /api/v1: its zod schemas are what the handler validates
 * with and what the OpenAPI document is generated from (src/server/api/openapi.ts).
 */
export interface ApiRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** OpenAPI form, relative to /api/v1: /contacts/{id}. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** The least scope a key needs. */
  scope: ApiKeyScope;
  params?: P;
  query?: Q;
  body?: B;
  /** Request headers the endpoint reads (documented; e.g. Idempotency-Key). */
  headerParams?: { name: string; description: string; schema: z.ZodType }[];
  success: { status: number; description: string; schema: R; statuses?: number[] };
  /** Error statuses this endpoint answers besides 401, 403, 429 and 500. */
  errors: number[];
  /** Example requests: checked against the schemas by a test and shown in the document. */
  examples?: { params?: z.input<P>; query?: z.input<Q>; body?: z.input<B> }[];
  /** Set on the compatibility contract's paths: the /api/v1 route this one serves under another URL. */
  aliasOf?: AnyApiRoute;
  // Method syntax: a list of routes may hold handlers of different input types.
  handler(context: ApiRequestContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R> | ApiReply<z.input<R>>>;
}

// biome-ignore lint/suspicious/noExplicitAny: a route list holds routes of every schema type.
export type AnyApiRoute = ApiRoute<any, any, any, any>;

/** A success answer with a status other than the route's default (e.g. 200 instead of 201 for an update). */
export class ApiReply<T> {
  constructor(
    readonly status: number,
    readonly body: T,
  ) {}
}

export function defineRoute<
  P extends z.ZodType = z.ZodObject,
  Q extends z.ZodType = z.ZodObject,
  B extends z.ZodType = z.ZodUndefined,
  R extends z.ZodType = z.ZodType,
>(route: ApiRoute<P, Q, B, R>): ApiRoute<P, Q, B, R> {
  return route;
}

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details: Record<string, unknown> | null };
}

export function errorResponse(code: ApiErrorCode, message: string, details: Record<string, unknown> | null = null) {
  const headers = new Headers({ "cache-control": "no-store" });
  if (code === "rate_limited" && typeof details?.retry_after === "number") headers.set("retry-after", String(details.retry_after));
  return Response.json({ error: { code, message, details } } satisfies ApiErrorBody, { status: HTTP_STATUS[code], headers });
}

function invalid(where: "path" | "query" | "body", error: z.ZodError) {
  return invalidInput(
    // Schemas shared with the app's forms write catalogue keys ("validation.…"): the API says them in English.
    error.issues.map((issue) => ({ field: [where, ...issue.path].join("."), message: translatedMessage(issue, inEnglish) })),
    `Invalid ${where}.`,
  );
}

/** The path of the first string (value or key) holding a NUL, which PostgreSQL's text and jsonb refuse. */
function nulAt(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulAt(item, [...path, index]);
      if (found) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = key.includes("\u0000") ? [...path, key.replaceAll("\u0000", "\\u0000")] : nulAt(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

function parse<S extends z.ZodType>(schema: S | undefined, value: unknown, where: "path" | "query" | "body"): z.output<S> {
  if (!schema) return undefined as z.output<S>;
  const nul = nulAt(value);
  if (nul) throw invalidInput([{ field: [where, ...nul].join("."), message: "must not contain NUL characters" }]);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(where, parsed.error);
  return parsed.data;
}

class BodyTooLarge extends Error {}

async function readJson(request: Request): Promise<unknown> {
  const bytes = await readBodyWithin(request, MAX_BODY_BYTES);
  if (bytes === null) throw new BodyTooLarge();
  const text = Buffer.from(bytes).toString("utf8");
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw apiRefusal("invalid", "The body is not valid JSON.");
  }
}

/** Errors safe to show; anything unknown is logged and answered with a generic 500 (no stack, no SQL). */
function toErrorResponse(error: unknown): Response {
  if (error instanceof BodyTooLarge) {
    return errorResponse("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`, {
      limit_bytes: MAX_BODY_BYTES,
    });
  }
  if ((error as { code?: string })?.code === "25006") {
    return errorResponse("forbidden", "This API key can only read.");
  }
  const pg = error as { code?: string; constraint_name?: string };
  if (pg?.code === "23503" && pg.constraint_name === "contacts_lead_status_fkey") {
    return toErrorResponse(unknownStage());
  }
  const known = error instanceof AppError ? error : fromDatabaseError(error);
  // The domain commands name the field they refuse; the API names it where it sits in the body.
  if (known?.code === "invalid" && !(known instanceof ApiError) && known.details?.field) {
    return toErrorResponse(invalidInput([{ field: `body.${known.details.field}`, message: known.message }]));
  }
  if (known) return errorResponse(known.code, known.message, known instanceof ApiError ? known.apiDetails : (known.details ?? null));
  logger.error({ err: error }, "integration API request failed");
  return errorResponse("internal", "Something went wrong on our side. Please try again.");
}

/**
 * Runs one API request: the key authenticated and counted against its rate
 * limit, input parsed, then the handler in one transaction as the key
 * (RLS scopes it to the key's workspace; read keys in READ ONLY transactions).
 */
export function handleApiRequest(route: AnyApiRoute, request: Request, params?: Promise<Record<string, string>>) {
  return withLogContext({ requestId: requestIdOf(request.headers) }, () => answerApiRequest(route, request, params));
}

async function answerApiRequest(route: AnyApiRoute, request: Request, params?: Promise<Record<string, string>>) {
  try {
    const key = await authenticateApiKey(request.headers);
    if (route.scope === "write" && key.scope !== "write") {
      return errorResponse("forbidden", "This API key can only read; create a read and write key to change data.");
    }
    const url = new URL(request.url);
    const input = {
      params: parse(route.params, (await params) ?? {}, "path"),
      query: parse(route.query, Object.fromEntries(url.searchParams), "query"),
      body: parse(route.body, route.body ? await readJson(request) : undefined, "body"),
    };
    const responseHeaders = new Headers({ "cache-control": "no-store" });
    const result = await asApiKey(key.claims, (tx) => route.handler({ tx, key, ...input, headers: request.headers, responseHeaders }));
    const reply = result instanceof ApiReply ? result : new ApiReply(route.success.status, result);
    return Response.json(reply.body, { status: reply.status, headers: responseHeaders });
  } catch (error) {
    return toErrorResponse(error);
  }
}
