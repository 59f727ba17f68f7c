import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as contactById from "@/app/api/v1/contacts/[id]/route";
import * as contacts from "@/app/api/v1/contacts/route";
import * as conversations from "@/app/api/v1/conversations/route";
import { createApiKey, hashApiKey, listApiKeys, revokeApiKey } from "@/server/api/keys";
import { asApiKey, asService, asUser } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import { apiRequest, createKey, params, read } from "../support/api";
import { createConversation, createTeam } from "../support/fixtures";

let team: Awaited<ReturnType<typeof createTeam>>;
let other: Awaited<ReturnType<typeof createTeam>>;

beforeAll(async () => {
  team = await createTeam();
  other = await createTeam();
});

afterAll(() => stopQueue());

const keyRow = async (id: string) => {
  const [row] = await asService(
    (tx) => tx<{ key_hash: string; prefix: string; last_used_at: Date | null; revoked_at: Date | null }[]>`
      select key_hash, prefix, last_used_at, revoked_at from public.api_keys where id = ${id}`,
  );
  if (!row) throw new Error("no key");
  return row;
};

describe("creating and listing keys", () => {
  it("stores only a hash and a visible prefix; the full key is returned once", async () => {
    const { key, id } = await createKey(team, "read");
    expect(key).toMatch(/^cv_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    const row = await keyRow(id);
    expect(row.key_hash).toBe(hashApiKey(key));
    expect(key.startsWith(row.prefix)).toBe(true);
    const listed = await asUser(team.admin.claims, (tx) => listApiKeys(tx, team.workspaceId));
    const mine = listed.find((k) => k.id === id);
    expect(mine).toMatchObject({ prefix: row.prefix, scope: "read", created_by: team.admin.id, revoked_at: null });
    expect(JSON.stringify(listed)).not.toContain(key.slice(12));
  });

  it("is for admins only: an agent can neither create nor see keys, nor read their hashes", async () => {
    await createKey(team, "write");
    await expect(
      asUser(team.agent.claims, (tx) =>
        createApiKey(tx, { workspaceId: team.workspaceId, userId: team.agent.id }, { name: "mine", scope: "write" }),
      ),
    ).rejects.toMatchObject({ code: "42501" });
    expect(await asUser(team.agent.claims, (tx) => listApiKeys(tx, team.workspaceId))).toEqual([]);
    await expect(asUser(team.admin.claims, (tx) => tx`select key_hash from public.api_keys`)).rejects.toMatchObject({ code: "42501" });
  });
});

describe("authenticating", () => {
  it("answers 401 in the one error shape without a key, with a malformed one, or an unknown one", async () => {
    for (const key of [null, "nope", "cv_AAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]) {
      const { status, body } = await read(contacts.GET(apiRequest("GET", "/contacts", { key })));
      expect(status).toBe(401);
      expect(body).toEqual({ error: { code: "unauthenticated", message: expect.any(String), details: null } });
    }
  });

  it("records when a key was last used, and refuses it at once after revocation", async () => {
    const { key, id } = await createKey(team, "read");
    expect((await keyRow(id)).last_used_at).toBeNull();
    expect((await contacts.GET(apiRequest("GET", "/contacts", { key }))).status).toBe(200);
    expect((await keyRow(id)).last_used_at).toBeInstanceOf(Date);

    await asUser(team.admin.claims, (tx) => revokeApiKey(tx, { workspaceId: team.workspaceId, userId: team.admin.id }, id));
    const { status, body } = await read(contacts.GET(apiRequest("GET", "/contacts", { key })));
    expect(status).toBe(401);
    expect(body.error).toMatchObject({ code: "unauthenticated", message: expect.stringMatching(/revoked/) });
    // A revoked key stays revoked: admins cannot bring it back.
    await asUser(team.admin.claims, (tx) => tx`update public.api_keys set revoked_at = null where id = ${id}`);
    expect((await keyRow(id)).revoked_at).toBeInstanceOf(Date);

    // Both ends of the key's life are in the audit log, by the admin, never with the key itself.
    const audit = await asService(
      (tx) => tx<{ action: string; actor_id: string; target_label: string; details: unknown }[]>`
        select action, actor_id, target_label, details from public.audit_log
        where workspace_id = ${team.workspaceId} and target_id = ${id} order by id`,
    );
    expect(audit.map((a) => [a.action, a.actor_id, a.details])).toEqual([
      ["api_key.created", team.admin.id, { scope: "read" }],
      ["api_key.revoked", team.admin.id, { scope: "read" }],
    ]);
    expect(audit[0]?.target_label).toMatch(/^key-\w+ \(cv_\w{8}\)$/);
    expect(JSON.stringify(audit)).not.toContain(key);
  });

  it("loses the workspace mid-request when revoked: RLS checks the key's row, not only the claims", async () => {
    const { id } = await createKey(team, "read");
    await createConversation(team.workspaceId);
    const claims = {
      sub: id,
      role: "authenticated",
      aud: "authenticated",
      api_key: true,
      workspace_id: team.workspaceId,
      scope: "read",
    } as const;
    expect((await asApiKey(claims, (tx) => tx`select id from public.contacts`)).length).toBeGreaterThan(0);
    await asService((tx) => tx`update public.api_keys set revoked_at = now() where id = ${id}`);
    expect(await asApiKey(claims, (tx) => tx`select id from public.contacts`)).toHaveLength(0);
  });
});

describe("scopes", () => {
  it("refuses writes of a read key with 403, and leaves the contact unchanged", async () => {
    const { key } = await createKey(team, "read");
    const { contactId } = await createConversation(team.workspaceId);
    const post = await read(contacts.POST(apiRequest("POST", "/contacts", { key, body: { phone: "+6281200000001" } })));
    expect(post.status).toBe(403);
    expect(post.body.error).toMatchObject({ code: "forbidden" });
    const patch = await read(
      contactById.PATCH(apiRequest("PATCH", `/contacts/${contactId}`, { key, body: { name: "Changed" } }), params({ id: contactId })),
    );
    expect(patch.status).toBe(403);
    const [row] = await asService((tx) => tx`select name from public.contacts where id = ${contactId}`);
    expect(row?.name).toBeNull();
  });

  it("runs a read key's transaction READ ONLY, so the database itself refuses a write", async () => {
    const { id } = await createKey(team, "read");
    const claims = {
      sub: id,
      role: "authenticated",
      aud: "authenticated",
      api_key: true,
      workspace_id: team.workspaceId,
      scope: "read",
    } as const;
    await expect(
      asApiKey(claims, (tx) => tx`insert into public.contacts (workspace_id, phone_e164) values (${team.workspaceId}, '+6281200000002')`),
    ).rejects.toMatchObject({ code: "25006" });
  });

  it("keeps a key to its own workspace even in SQL without a workspace filter", async () => {
    const { id } = await createKey(team, "write");
    await createConversation(other.workspaceId);
    const claims = {
      sub: id,
      role: "authenticated",
      aud: "authenticated",
      api_key: true,
      workspace_id: team.workspaceId,
      scope: "write",
    } as const;
    const seen = await asApiKey(claims, (tx) => tx<{ workspace_id: string }[]>`select workspace_id from public.contacts`);
    expect(seen.every((row) => row.workspace_id === team.workspaceId)).toBe(true);
    // Claims naming another workspace than the key's own see nothing there.
    const forged = { ...claims, workspace_id: other.workspaceId };
    expect(await asApiKey(forged, (tx) => tx`select id from public.contacts where workspace_id = ${other.workspaceId}`)).toHaveLength(0);
    await expect(
      asApiKey(forged, (tx) => tx`insert into public.contacts (workspace_id, phone_e164) values (${other.workspaceId}, '+6281200000003')`),
    ).rejects.toMatchObject({ code: "42501" });
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After once a key used its requests of the minute, per key and across instances (in the database)", async () => {
    const limited = await createKey(team, "read");
    const unaffected = await createKey(team, "read");
    await asService((tx) => tx`update public.api_keys set rate_limit_per_minute = 3 where id = ${limited.id}`);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await conversations.GET(apiRequest("GET", "/conversations", { key: limited.key }))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const { status, headers, body } = await read(conversations.GET(apiRequest("GET", "/conversations", { key: limited.key })));
    expect(status).toBe(429);
    const retryAfter = Number(headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(body.error).toMatchObject({ code: "rate_limited", details: { retry_after: retryAfter } });
    expect((await conversations.GET(apiRequest("GET", "/conversations", { key: unaffected.key }))).status).toBe(200);

    // A new minute starts a new window.
    await asService((tx) => tx`update public.api_keys set rate_window_start = now() - interval '61 seconds' where id = ${limited.id}`);
    expect((await conversations.GET(apiRequest("GET", "/conversations", { key: limited.key }))).status).toBe(200);
  });
});
