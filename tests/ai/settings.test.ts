import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_AI_SETTINGS, getAiSettings, loadAssistantConfig, saveAiSettings } from "@/server/ai/settings";
import { asService, asUser } from "@/server/db/client";
import { createConversation, createTeam } from "../support/fixtures";

// The operator allowed a model server on this machine (Ollama), as the base URL below names.
process.env.OUTBOUND_ALLOW_HOSTS = "localhost:11434";

let team: Awaited<ReturnType<typeof createTeam>>;
const { apiKeyLast4: _, ...defaults } = DEFAULT_AI_SETTINGS;
const input = {
  ...defaults,
  enabled: true,
  baseUrl: "http://localhost:11434/v1",
  model: "llama3.1",
  apiKey: "sk-proj-secret-9f3a",
  instructions: "Reply in Bahasa Indonesia.",
  knowledge: [{ title: "Opening hours", content: "Mon–Sat 09:00–17:00" }],
};

beforeAll(async () => {
  team = await createTeam();
});

describe("AI assistant settings", () => {
  it("an admin saves them; the key is stored encrypted and only its last four characters come back", async () => {
    const saved = await asUser(team.admin.claims, (tx) => saveAiSettings(tx, team.workspaceId, team.admin.id, input));
    expect(saved).toMatchObject({ enabled: true, model: "llama3.1", apiKeyLast4: "9f3a", knowledge: input.knowledge });
    expect(JSON.stringify(saved)).not.toContain("sk-proj-secret");

    const [row] = await asService(
      (tx) =>
        tx<{ api_key_encrypted: string }[]>`select api_key_encrypted from public.ai_settings where workspace_id = ${team.workspaceId}`,
    );
    expect(row?.api_key_encrypted).toMatch(/^v1:/);
    expect(row?.api_key_encrypted).not.toContain("sk-proj-secret");
    // Only the server's run decrypts it.
    expect((await asService((tx) => loadAssistantConfig(tx, team.workspaceId)))?.apiKey).toBe("sk-proj-secret-9f3a");
  });

  it("saving without a new key keeps the stored one; null removes it", async () => {
    const { apiKey: _key, ...withoutKey } = input;
    const kept = await asUser(team.owner.claims, (tx) =>
      saveAiSettings(tx, team.workspaceId, team.owner.id, { ...withoutKey, model: "qwen2.5" }),
    );
    expect(kept).toMatchObject({ model: "qwen2.5", apiKeyLast4: "9f3a" });
    const removed = await asUser(team.owner.claims, (tx) =>
      saveAiSettings(tx, team.workspaceId, team.owner.id, { ...withoutKey, apiKey: null }),
    );
    expect(removed.apiKeyLast4).toBeNull();
    expect((await asService((tx) => loadAssistantConfig(tx, team.workspaceId)))?.apiKey).toBeNull();

    // Each save is in the audit log, with what changed about the key but never the key.
    const audit = await asService(
      (tx) => tx`select actor_id, details from public.audit_log
                 where workspace_id = ${team.workspaceId} and action = 'ai.settings_updated' order by id`,
    );
    expect(audit).toEqual([
      { actor_id: team.admin.id, details: { enabled: true, model: "llama3.1", api_key: "replaced" } },
      { actor_id: team.owner.id, details: { enabled: true, model: "qwen2.5" } },
      { actor_id: team.owner.id, details: { enabled: true, model: "llama3.1", api_key: "removed" } },
    ]);
    expect(JSON.stringify(audit)).not.toContain("sk-proj");
  });

  it("an agent can see whether the assistant is on, but not change it, nor read the encrypted key", async () => {
    expect((await asUser(team.agent.claims, (tx) => getAiSettings(tx, team.workspaceId))).enabled).toBe(true);
    await expect(
      asUser(team.agent.claims, (tx) => saveAiSettings(tx, team.workspaceId, team.agent.id, { ...input, enabled: false })),
    ).rejects.toMatchObject({ code: "42501" });
    for (const user of [team.agent, team.owner]) {
      await expect(
        asUser(user.claims, (tx) => tx`select api_key_encrypted from public.ai_settings where workspace_id = ${team.workspaceId}`),
      ).rejects.toMatchObject({ code: "42501" });
    }
  });

  it("another workspace's members see the defaults, and cannot write this workspace's settings", async () => {
    const other = await createTeam();
    expect(await asUser(other.owner.claims, (tx) => getAiSettings(tx, team.workspaceId))).toEqual(DEFAULT_AI_SETTINGS);
    await expect(asUser(other.owner.claims, (tx) => saveAiSettings(tx, team.workspaceId, other.owner.id, input))).rejects.toMatchObject({
      code: "42501",
    });
  });

  it("only admins read the runs log, and nobody rewrites it", async () => {
    const { conversationId } = await createConversation(team.workspaceId);
    await asService(
      (tx) => tx`insert into public.ai_runs (workspace_id, conversation_id, trigger_until, trigger_message_ids, model)
                 values (${team.workspaceId}, ${conversationId}, now(), '{}', 'llama3.1')`,
    );
    const readAs = (user: { claims: Parameters<typeof asUser>[0] }) =>
      asUser(user.claims, (tx) => tx`select id from public.ai_runs where workspace_id = ${team.workspaceId}`);
    expect(await readAs(team.agent)).toHaveLength(0);
    expect(await readAs(team.admin)).toHaveLength(1);
    await expect(
      asUser(team.admin.claims, (tx) => tx`update public.ai_runs set outcome = 'replied' where workspace_id = ${team.workspaceId}`),
    ).rejects.toMatchObject({ code: "42501" });
  });
});
