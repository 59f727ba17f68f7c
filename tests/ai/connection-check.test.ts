import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSavedConnection } from "@/server/ai/check-connection";
import { checkModel, complete, ModelError } from "@/server/ai/model";
import { type AiSettingsInput, DEFAULT_AI_SETTINGS, loadAssistantConfig, saveAiSettings } from "@/server/ai/settings";
import { asService, asUser } from "@/server/db/client";
import { translatorFor } from "@/server/i18n/translator";
import { type FakeOpenAi, startFakeOpenAi, UNKNOWN_MODEL } from "../support/fake-openai";
import { createTeam } from "../support/fixtures";
import { freePort } from "../support/free-port";

/** A model server that accepts the connection and never answers. */
let silent: Server;
let silentUrl: string;
let model: FakeOpenAi;
let team: Awaited<ReturnType<typeof createTeam>>;

beforeAll(async () => {
  silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}/v1`;
  model = await startFakeOpenAi({ apiKey: "sk-check" });
  team = await createTeam();
});

afterAll(async () => {
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
  await model.close();
});

const { apiKeyLast4: _, ...defaults } = DEFAULT_AI_SETTINGS;
const save = (overrides: Partial<AiSettingsInput>) =>
  asUser(team.admin.claims, (tx) => saveAiSettings(tx, team.workspaceId, team.admin.id, { ...defaults, ...overrides }));

async function modelError(call: Promise<unknown>): Promise<ModelError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe("a model server that never answers", () => {
  it("is given up on after the connection's timeout (tiny here), in words, and may be retried", async () => {
    const connection = { baseUrl: silentUrl, apiKey: null, model: "llama3.1", timeoutMs: 50 };
    const host = new URL(silentUrl).host;
    for (const call of [checkModel(connection), complete(connection, [{ role: "user", content: "Halo" }], [])]) {
      const error = await modelError(call);
      expect(error.message).toBe(
        `The model server at ${host} did not answer within 0.05 seconds. Check that it is running, or allow it more time.`,
      );
      expect(error.retryable).toBe(true);
      expect(error.technical).toMatch(/timed out/i);
    }
  });
});

describe("the timeout setting", () => {
  it("is 10 seconds unless the admin changes it, and a run uses it", async () => {
    expect(DEFAULT_AI_SETTINGS.timeoutSeconds).toBe(10);
    await save({ baseUrl: model.baseUrl, apiKey: "sk-check" });
    expect((await asService((tx) => loadAssistantConfig(tx, team.workspaceId)))?.timeoutMs).toBe(10_000);
    expect((await save({ timeoutSeconds: 3 })).timeoutSeconds).toBe(3);
    expect((await asService((tx) => loadAssistantConfig(tx, team.workspaceId)))?.timeoutMs).toBe(3_000);
    // The database holds the same bounds as the form.
    await expect(save({ timeoutSeconds: 0 })).rejects.toThrow(/timeout_seconds/);
  });
});

describe("checking the saved connection", () => {
  it("asks for the settings first, in the admin's language", async () => {
    const fresh = await createTeam();
    expect(await checkSavedConnection(fresh.workspaceId, await translatorFor("id"))).toEqual({
      ok: false,
      message: "Simpan dulu pengaturan asisten.",
    });
  });

  it("says which model answered", async () => {
    await save({ baseUrl: model.baseUrl, apiKey: "sk-check", model: "llama3.1" });
    expect(await checkSavedConnection(team.workspaceId)).toEqual({ ok: true, model: "llama3.1" });
  });

  it("says what is wrong, in words, with the client's reason as the detail", async () => {
    await save({ baseUrl: model.baseUrl, apiKey: "sk-check", model: UNKNOWN_MODEL });
    expect(await checkSavedConnection(team.workspaceId)).toMatchObject({
      ok: false,
      message: `The model server does not know the model "${UNKNOWN_MODEL}". Check its name.`,
      technical: expect.stringContaining("does not exist"),
    });
    // In the admin's language.
    expect(await checkSavedConnection(team.workspaceId, await translatorFor("es"))).toMatchObject({
      ok: false,
      message: `El servidor del modelo no conoce el modelo "${UNKNOWN_MODEL}". Revisa el nombre.`,
    });

    await save({ baseUrl: model.baseUrl, apiKey: "sk-wrong", model: "llama3.1" });
    expect(await checkSavedConnection(team.workspaceId)).toMatchObject({ ok: false, message: expect.stringMatching(/answered 401/) });

    const closed = `127.0.0.1:${await freePort()}`;
    await save({ baseUrl: `http://${closed}/v1`, apiKey: "sk-check", model: "llama3.1" });
    expect(await checkSavedConnection(team.workspaceId)).toMatchObject({
      ok: false,
      message: `Couldn't reach the model server at ${closed}. Check the API base URL and that the server is running.`,
      technical: expect.stringMatching(/Connection error/),
    });
  });
});
