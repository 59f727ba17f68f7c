import { createServer, type RequestListener } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tryAssistant } from "@/server/ai/playground";
import { type AiSettingsInput, DEFAULT_AI_SETTINGS, getAiSettings, saveAiSettings } from "@/server/ai/settings";
import { asService, asUser } from "@/server/db/client";
import { expectAppError } from "../support/app-error";
import { createFakeOpenAi, DEFAULT_FAKE_REPLY, type FakeOpenAi, startFakeOpenAi } from "../support/fake-openai";
import { createTeam } from "../support/fixtures";
import { freePort } from "../support/free-port";

/**
 * The attacker is a workspace owner (anyone can create a workspace) who
 * points the assistant at an internal service and asks the playground to
 * call it. The operator allowed one local model server (Ollama) and set a
 * default model server on loopback; nothing else on loopback is allowed.
 */
const ollamaPort = await freePort();
const outsidePort = await freePort();
const defaultPort = await freePort();
// The public server the redirect test starts from: allowed by its host:port, as a public address would be.
process.env.OUTBOUND_ALLOW_HOSTS = `127.0.0.1:${ollamaPort},127.0.0.1:${outsidePort}`;
process.env.AI_DEFAULT_BASE_URL = `http://127.0.0.1:${defaultPort}/v1`;

const closers: (() => unknown)[] = [];

async function serve(port: number, handler: RequestListener) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  closers.push(() => server.close());
}

/** A model server on a port chosen before the environment was read. */
async function fakeModelOn(port: number) {
  const fake = createFakeOpenAi();
  await serve(port, (request, response) => void fake.handle(request, response));
  return fake;
}

let team: Awaited<ReturnType<typeof createTeam>>;
/** The internal service: it answers like a model, so whatever reached it would come back to the attacker. */
let internal: FakeOpenAi;
let ollama: ReturnType<typeof createFakeOpenAi>;
let byDefault: ReturnType<typeof createFakeOpenAi>;
const outsideRequests: string[] = [];

beforeAll(async () => {
  team = await createTeam();
  internal = await startFakeOpenAi();
  closers.push(() => internal.close());
  ollama = await fakeModelOn(ollamaPort);
  byDefault = await fakeModelOn(defaultPort);
  await serve(outsidePort, (request, response) => {
    outsideRequests.push(request.url ?? "");
    response.writeHead(307, { location: `${internal.baseUrl}/chat/completions` }).end();
  });
});

afterAll(() => Promise.all(closers.map((close) => close())));

function settings(baseUrl: string | null): AiSettingsInput {
  const { apiKeyLast4: _, ...defaults } = DEFAULT_AI_SETTINGS;
  return { ...defaults, enabled: true, baseUrl, apiKey: "sk-workspace-secret" };
}

const save = (baseUrl: string | null) =>
  asUser(team.owner.claims, (tx) => saveAiSettings(tx, team.workspaceId, team.owner.id, settings(baseUrl)));
const tryIt = () => tryAssistant(team.workspaceId, [{ from: "customer", text: "Halo, ada kemeja ukuran XL?" }]);

describe("the AI assistant's base URL", () => {
  it("is refused when saved if it leads to our own network, saying what to do", async () => {
    const port = new URL(internal.baseUrl).port;
    for (const url of [
      internal.baseUrl,
      `http://localhost:${port}/v1`,
      `http://[::ffff:127.0.0.1]:${port}/v1`,
      `http://2130706433:${port}/v1`,
      "http://169.254.169.254/latest/meta-data/",
      "http://[fd00::1]/v1",
    ]) {
      await expectAppError(
        save(url),
        "invalid",
        /^The API base URL must be a public address, not one of a private network\. Use the model server's public address; .*OUTBOUND_ALLOW_HOSTS/,
      );
    }
    expect(await asUser(team.owner.claims, (tx) => getAiSettings(tx, team.workspaceId))).toEqual(DEFAULT_AI_SETTINGS);
  });

  it("that leads inward only when called is refused when connecting: the internal service gets no request and no key", async () => {
    // Saved while its name pointed elsewhere (or before this check existed); now it names loopback.
    await save("https://models.example.com/v1");
    await asService(
      (tx) => tx`update public.ai_settings set base_url = ${`http://localhost:${new URL(internal.baseUrl).port}/v1`}
                 where workspace_id = ${team.workspaceId}`,
    );
    await expectAppError(tryIt(), "conflict", /^The model server was not called: localhost is an address of a private network/);
    expect(internal.requests).toEqual([]);
  });

  it("whose server redirects to an internal address is refused at the redirect", async () => {
    await save(`http://127.0.0.1:${outsidePort}/v1`);
    await expectAppError(tryIt(), "conflict", /^The model server was not called: 127\.0\.0\.1 is an address of a private network/);
    expect(outsideRequests).toEqual(["/v1/chat/completions"]);
    expect(internal.requests).toEqual([]);
  });

  it("may name a model server the operator allowed (Ollama on this machine)", async () => {
    await save(`http://127.0.0.1:${ollamaPort}/v1`);
    expect((await tryIt()).reply).toBe(DEFAULT_FAKE_REPLY);
    expect(ollama.requests.map((request) => request.authorization)).toEqual(["Bearer sk-workspace-secret"]);
  });

  it("left empty, uses the operator's default model server, wherever it is", async () => {
    await save(null);
    expect((await tryIt()).reply).toBe(DEFAULT_FAKE_REPLY);
    expect(byDefault.requests).toHaveLength(1);
    expect(internal.requests).toEqual([]);
  });
});
