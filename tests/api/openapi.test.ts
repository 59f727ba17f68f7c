import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as openApiJson } from "@/app/api/v1/openapi.json/route";
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from "@/lib/webhook-events";
import { API_ROUTES } from "@/server/api/routes";

const apiDir = path.resolve(import.meta.dirname, "../../src/app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route file under /api/v1 with its OpenAPI-style path: contacts/[id] → /contacts/{id}. */
async function routeFiles() {
  const entries = await readdir(apiDir, { recursive: true });
  return entries
    .filter((entry) => entry.endsWith("route.ts"))
    .map((entry) => ({
      file: path.join(apiDir, entry),
      path: `/${path.dirname(entry)}`.replace(/\[(\w+)\]/g, "{$1}").replace(/\/\.$/, ""),
    }));
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1, served at /api/v1/openapi.json", async () => {
    const response = openApiJson();
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.schemas).toHaveProperty("Contact");
  });

  it("documents every outbound webhook event under webhooks, with the signature headers", async () => {
    const document = await openApiJson().json();
    expect(Object.keys(document.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES, TEST_EVENT_TYPE].sort());
    const received = document.webhooks["message.received"].post;
    expect(received.parameters.map((p: { name: string }) => p.name)).toContain("Conversa-Webhook-Signature");
    const body = received.requestBody.content["application/json"].schema;
    expect(body.required).toEqual(["id", "type", "created_at", "workspace_id", "data"]);
    expect(body.properties.data.properties.message).toEqual({ $ref: "#/components/schemas/Message" });
  });

  it("documents every method of every route file, and nothing that does not exist", async () => {
    const document = await openApiJson().json();
    const served: string[] = [];
    for (const route of await routeFiles()) {
      // The document itself, and the catch-all that answers unknown paths with the JSON 404.
      if (route.path === "/openapi.json" || route.path === "/[...path]") continue;
      const module = (await import(route.file)) as Record<string, unknown>;
      for (const method of METHODS) if (typeof module[method] === "function") served.push(`${method} ${route.path}`);
    }
    // The compatibility contract's absolute /api/… paths are checked against their route files in compat.test.ts.
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>)
      .filter(([p]) => !p.startsWith("/api/"))
      .flatMap(([p, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${p}`));
    expect(served.length).toBeGreaterThanOrEqual(8);
    expect(documented.sort()).toEqual(served.sort());
  });

  it("has example requests that the handlers' own schemas accept, and errors in the one shape", async () => {
    const document = await openApiJson().json();
    for (const route of API_ROUTES) {
      expect(route.examples?.length, `${route.operationId} has examples`).toBeGreaterThan(0);
      for (const example of route.examples ?? []) {
        if (route.params) expect(route.params.safeParse(example.params).error, route.operationId).toBeUndefined();
        if (route.query) expect(route.query.safeParse(example.query ?? {}).error, route.operationId).toBeUndefined();
        if (route.body) expect(route.body.safeParse(example.body).error, route.operationId).toBeUndefined();
      }
      const operation = document.paths[route.path][route.method.toLowerCase()];
      expect(operation.responses[String(route.success.status)]).toBeDefined();
      for (const status of ["401", "403", "429", "500", ...route.errors.map(String)]) {
        expect(operation.responses[status].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
      }
    }
  });
});
