import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "@/server/whatsapp/providers";
import { ProviderError } from "@/server/whatsapp/providers/client";

/**
 * What a provider answers is parsed, not cast: an answer in a shape the
 * provider does not document becomes a ProviderError saying so, at the
 * call, rather than a wrong value later (an empty template list that
 * would delete every known template, an undefined wamid). Meta's own
 * errors keep their code and whether retrying may help.
 */

/** A Graph API that answers each path with what the test put there. */
const answers = new Map<string, { status: number; body: string }>();
const received: { route: string; authorization: string | undefined; body: string }[] = [];
let server: Server;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const route = `${request.method} ${request.url}`;
      received.push({ route, authorization: request.headers.authorization, body: Buffer.concat(chunks).toString() });
      const answer = answers.get(route) ?? { status: 404, body: "{}" };
      response.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // Read by env() on first use, which is after this.
  process.env.META_GRAPH_URL = `http://127.0.0.1:${(server.address() as { port: number }).port}/v21.0`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = () =>
  providers.meta.client({ provider: "meta", phoneNumberId: "1001", wabaId: "2002", credentials: { accessToken: "token" } });
const answer = (route: string, status: number, body: unknown) =>
  answers.set(route, { status, body: typeof body === "string" ? body : JSON.stringify(body) });

async function refusal(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("provider answers are parsed", () => {
  it("refuses a template list in another shape instead of reading it as no templates", async () => {
    answer("GET /v21.0/2002/message_templates?limit=250", 200, { templates: [{ name: "welcome", language: "id" }] });
    expect((await refusal(client().listTemplates())).message).toMatch(/template list in an unexpected shape/);

    answer("GET /v21.0/2002/message_templates?limit=250", 200, {
      data: [{ id: "t1", name: "welcome", language: "id", status: "APPROVED", category: "UTILITY", components: [] }, { id: "x" }],
    });
    expect(await client().listTemplates()).toEqual([
      {
        id: "t1",
        name: "welcome",
        language: "id",
        status: "APPROVED",
        category: "UTILITY",
        components: [],
        quality: null,
        parameterFormat: "POSITIONAL",
        rejectedReason: null,
      },
    ]);
  });

  it("refuses a send answered without a message id, and media lookups without a URL or not in JSON", async () => {
    answer("POST /v21.0/1001/messages", 200, { messages: [] });
    const send = await refusal(client().sendMessage("6281200000000", { type: "text", text: { body: "Halo" } }));
    expect(send).toMatchObject({ message: "the provider accepted the message but returned no id", status: null, transient: true });

    answer("GET /v21.0/m1", 200, { url: 5 });
    expect((await refusal(client().downloadMedia({ id: "m1", url: null }))).message).toBe("media lookup returned no url");
    answer("GET /v21.0/m2", 200, "<html>maintenance</html>");
    expect((await refusal(client().downloadMedia({ id: "m2", url: null }))).message).toBe("media lookup returned no url");
  });

  it("keeps Meta's error code and whether retrying may help, and survives an error body of another shape", async () => {
    answer("POST /v21.0/1001/messages", 400, {
      error: { message: "Message failed to send because there were too many messages", code: 131056, error_data: { details: "pair rate" } },
    });
    expect(await refusal(client().sendMessage("6281200000000", { type: "text", text: { body: "Halo" } }))).toMatchObject({
      status: 400,
      transient: true,
      details: { code: 131056, details: "pair rate" },
    });

    answer("POST /v21.0/1001/messages", 400, { error: { message: "Re-engagement message", code: 131047 } });
    expect(await refusal(client().sendMessage("6281200000000", { type: "text", text: { body: "Halo" } }))).toMatchObject({
      status: 400,
      transient: false,
      details: { code: 131047, message: "Re-engagement message" },
    });

    answer("POST /v21.0/1001/messages", 400, { error: "bad request" });
    const odd = await refusal(client().sendMessage("6281200000000", { type: "text", text: { body: "Halo" } }));
    expect(odd).toMatchObject({ status: 400, transient: false, details: { code: undefined } });
    expect(odd.message).toMatch(/answered 400$/);
  });
});

describe("template submission", () => {
  const welcome = {
    name: "order_ready",
    language: "id",
    category: "UTILITY" as const,
    components: [{ type: "BODY", text: "Pesanan {{1}} sudah siap diambil.", example: { body_text: [["A-102"]] } }],
  };

  it("posts the template to the WABA's message_templates and returns Meta's id and review status", async () => {
    answer("POST /v21.0/2002/message_templates", 200, { id: "594425479261596", status: "PENDING", category: "UTILITY" });
    const submit = client().submitTemplate;
    if (!submit) throw new Error("Meta channels with a WABA submit templates");
    expect(await submit(welcome)).toEqual({ id: "594425479261596", status: "PENDING", category: "UTILITY" });
    const request = received.findLast((r) => r.route === "POST /v21.0/2002/message_templates");
    expect(request?.authorization).toBe("Bearer token");
    expect(JSON.parse(request?.body ?? "null")).toEqual(welcome);
  });

  it("passes Meta's refusal on, and refuses an answer without id or status without retrying", async () => {
    answer("POST /v21.0/2002/message_templates", 400, {
      error: { message: "Invalid parameter", code: 100, error_user_title: "Template name already exists" },
    });
    const submit = client().submitTemplate;
    if (!submit) throw new Error("Meta channels with a WABA submit templates");
    expect(await refusal(submit(welcome))).toMatchObject({
      status: 400,
      transient: false,
      details: { code: 100, title: "Template name already exists" },
    });

    answer("POST /v21.0/2002/message_templates", 200, { success: true });
    expect(await refusal(submit(welcome))).toMatchObject({
      transient: false,
      message: expect.stringMatching(/new template in an unexpected shape/),
    });
  });

  it("is not offered for a channel without a WABA id", () => {
    const noWaba = providers.meta.client({ provider: "meta", phoneNumberId: "1001", wabaId: null, credentials: { accessToken: "token" } });
    expect(noWaba.submitTemplate).toBeUndefined();
  });
});
