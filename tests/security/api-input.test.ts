import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as unknown from "@/app/api/v1/[...path]/route";
import * as contacts from "@/app/api/v1/contacts/route";
import { MAX_BODY_BYTES } from "@/server/api/http";
import { stopQueue } from "@/server/jobs/queue";
import { apiRequest, createKey, read } from "../support/api";
import { createTeam } from "../support/fixtures";

let key: string;

beforeAll(async () => {
  ({ key } = await createKey(await createTeam(), "write"));
});

afterAll(() => stopQueue());

interface ErrorBody {
  error: { code: string; message: string; details: { issues?: { field: string }[]; limit_bytes?: number } | null };
}

/** A request whose body is produced on demand, counting how much of it the server pulled. */
function streamedPost(totalBytes: number, headers: Record<string, string> = {}) {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const pulled = { bytes: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= totalBytes) return controller.close();
      pulled.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  const request = new Request("http://localhost/api/v1/contacts", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
  return { request, pulled };
}

describe("API body limit", () => {
  it("refuses a 120 MB body with 413 after reading little more than 1 MB of it, whatever length is declared", async () => {
    const { request, pulled } = streamedPost(120 * 1024 * 1024);
    const { status, body } = await read<ErrorBody>(contacts.POST(request));
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ code: "payload_too_large", details: { limit_bytes: MAX_BODY_BYTES } });
    expect(pulled.bytes).toBeLessThan(MAX_BODY_BYTES + 256 * 1024);
  });

  it("refuses a declared length over the limit without reading the body", async () => {
    const { request, pulled } = streamedPost(2 * 1024 * 1024, { "content-length": String(120 * 1024 * 1024) });
    expect((await contacts.POST(request)).status).toBe(413);
    expect(pulled.bytes).toBeLessThanOrEqual(64 * 1024);
  });
});

describe("NUL characters", () => {
  it("answers 422 naming the body field, not a 500 from PostgreSQL", async () => {
    const { status, body } = await read<ErrorBody>(
      contacts.POST(apiRequest("POST", "/contacts", { key, body: { phone: "+6281234567001", name: "Ana\u0000" } })),
    );
    expect(status).toBe(422);
    expect(body.error.details?.issues?.[0]?.field).toBe("body.name");
  });

  it("names a NUL in a custom attribute's key or value", async () => {
    const attributes = async (custom_attributes: Record<string, string>) =>
      (await read<ErrorBody>(contacts.POST(apiRequest("POST", "/contacts", { key, body: { phone: "+6281234567002", custom_attributes } }))))
        .body.error.details?.issues?.[0]?.field;
    expect(await attributes({ order: "A\u0000" })).toBe("body.custom_attributes.order");
    expect(await attributes({ "ord\u0000er": "A" })).toBe("body.custom_attributes.ord\\u0000er");
  });

  it("answers 422 for ?search= with a NUL", async () => {
    const { status, body } = await read<ErrorBody>(contacts.GET(apiRequest("GET", "/contacts?search=an%00a", { key })));
    expect(status).toBe(422);
    expect(body.error.message).toMatch(/^query\.search: /);
  });
});

describe("unknown /api/v1 paths", () => {
  it("answer the API's JSON 404 for every method", async () => {
    for (const [method, handler] of [
      ["GET", unknown.GET],
      ["POST", unknown.POST],
      ["DELETE", unknown.DELETE],
    ] as const) {
      const response = await handler(apiRequest(method, "/contactz/42", { key }));
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(await read<ErrorBody>(response)).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    }
  });
});
