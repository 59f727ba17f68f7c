import { describe, expect, it } from "vitest";
import { generateApiKey } from "@/server/api/keys";
import type { ApiKeyClaims } from "@/server/db/claims";
import { asApiKey, asService, asUser, db, type Tx } from "@/server/db/client";
import { createInvitation } from "@/server/workspaces/invitations";
import { createConversation, createTeam, insertMessage } from "../support/fixtures";

/** Each tenant's API key, as the claims a request with it runs under. */
const keys = new Map<string, ApiKeyClaims>();
/** Tables only an API key sees its own rows of (not even its workspace's admins). */
const KEY_SCOPED_TABLES = new Set(["api_idempotency_keys"]);

/** Two tenants, each with a number, a contact, a conversation, a message, a webhook event and an invitation (and its audit entry). */
async function twoTenants() {
  const a = await createTeam();
  const b = await createTeam();
  const aData = await createConversation(a.workspaceId);
  const bData = await createConversation(b.workspaceId);
  await insertMessage(a.workspaceId, aData.conversationId, { direction: "inbound", sentAt: new Date() });
  const bMessage = await insertMessage(b.workspaceId, bData.conversationId, { direction: "inbound", sentAt: new Date() });
  for (const [team, data] of [
    [a, aData],
    [b, bData],
  ] as const) {
    await asService(
      (tx) => tx`insert into public.webhook_events (workspace_id, channel_id, provider, payload)
                 values (${team.workspaceId}, ${data.channelId}, 'meta', '{"object":"whatsapp_business_account"}')`,
    );
    await asService(
      (tx) => tx`insert into public.message_statuses (workspace_id, wamid, status, occurred_at)
                 values (${team.workspaceId}, ${`wamid.${data.conversationId}`}, 'sent', now())`,
    );
    await asService(
      (tx) => tx`insert into public.whatsapp_templates (workspace_id, provider_template_id, name)
                 values (${team.workspaceId}, ${data.conversationId}, 'welcome')`,
    );
    await asService(async (tx) => {
      await tx`insert into public.ai_settings (workspace_id, enabled) values (${team.workspaceId}, true)`;
      await tx`insert into public.ai_runs (workspace_id, conversation_id, trigger_until, trigger_message_ids, model)
               values (${team.workspaceId}, ${data.conversationId}, now(), '{}', 'test-model')`;
    });
    await asService((tx) => tx`insert into public.contact_fields (workspace_id, key, label) values (${team.workspaceId}, 'city', 'City')`);
    // An activity line of the conversation (the trigger writes it).
    await asService((tx) => tx`update public.conversations set status = 'pending' where id = ${data.conversationId}`);
    await asService(
      (tx) => tx`insert into public.canned_responses (workspace_id, code, title, body) values (${team.workspaceId}, '/hi', 'Hi', 'Hi')`,
    );
    await asService(async (tx) => {
      const [upload] = await tx<{ id: string }[]>`
        insert into public.contact_imports (workspace_id, created_by, file_name, csv, delimiter, headers, total_rows)
        values (${team.workspaceId}, ${team.agent.id}, 'leads.csv', ${"Phone\n12\n"}, ',', '{Phone}', 1) returning id`;
      await tx`insert into public.contact_import_skips (workspace_id, import_id, row_number, reason, cells)
               values (${team.workspaceId}, ${upload?.id ?? null}, 2, 'Not a phone number.', '{12}')`;
    });
    const { prefix, hash } = generateApiKey();
    await asService(async (tx) => {
      const [key] = await tx<{ id: string }[]>`
        insert into public.api_keys (workspace_id, name, prefix, key_hash, scope)
        values (${team.workspaceId}, 'integration', ${prefix}, ${hash}, 'write') returning id`;
      await tx`insert into public.api_idempotency_keys (workspace_id, api_key_id, key, request_hash)
               values (${team.workspaceId}, ${key?.id ?? null}, 'order-1', ${"0".repeat(64)})`;
      keys.set(team.workspaceId, {
        sub: key?.id ?? "",
        role: "authenticated",
        aud: "authenticated",
        api_key: true,
        workspace_id: team.workspaceId,
        scope: "write",
      });
      await tx`insert into public.kapso_customers (workspace_id, kapso_customer_id) values (${team.workspaceId}, ${data.contactId})`;
      await tx`insert into public.kapso_setup_links (workspace_id, kapso_setup_link_id, kapso_customer_id, state, url)
               values (${team.workspaceId}, ${data.conversationId}, ${data.contactId}, ${`state-${data.conversationId}`},
                       'https://app.kapso.ai/whatsapp/setup/x')`;
    });
    await asUser(team.owner.claims, (tx) =>
      createInvitation(tx, team.workspaceId, { email: `${data.contactId}@example.com`, role: "agent" }),
    );
    // A conversation label on the conversation, the owner's saved view and a notification of theirs.
    await asService(async (tx) => {
      const [label] = await tx<{ id: string }[]>`
        insert into public.labels (workspace_id, name, color) values (${team.workspaceId}, 'Billing', 'blue') returning id`;
      await tx`insert into public.conversation_labels (workspace_id, conversation_id, label_id)
               values (${team.workspaceId}, ${data.conversationId}, ${label?.id ?? null})`;
      await tx`insert into public.inbox_views (workspace_id, owner_id, name) values (${team.workspaceId}, ${team.owner.id}, 'Mine')`;
      await tx`insert into public.notifications (workspace_id, user_id, kind, conversation_id)
               values (${team.workspaceId}, ${team.owner.id}, 'assignment', ${data.conversationId})`;
    });
    // A team with the agent in it, and the agent's availability.
    await asService(async (tx) => {
      const [squad] = await tx<{ id: string }[]>`
        insert into public.teams (workspace_id, name) values (${team.workspaceId}, 'Support') returning id`;
      await tx`insert into public.team_members (workspace_id, team_id, user_id) values (${team.workspaceId}, ${squad?.id ?? null}, ${team.agent.id})`;
      await tx`insert into public.member_availability (workspace_id, user_id) values (${team.workspaceId}, ${team.agent.id})`;
    });
    // A broadcast with one recipient.
    await asService(async (tx) => {
      const [broadcast] = await tx<{ id: string }[]>`
        insert into public.broadcasts (workspace_id, name, channel_id, template_name, template_language)
        values (${team.workspaceId}, 'Promo', ${data.channelId}, 'welcome', 'en') returning id`;
      await tx`insert into public.broadcast_recipients (workspace_id, broadcast_id, contact_id, phone)
               values (${team.workspaceId}, ${broadcast?.id ?? null}, ${data.contactId}, '+6281100000001')`;
    });
    // An outbound webhook subscription with one event, its delivery and an attempt.
    await asService(async (tx) => {
      const [subscription] = await tx<{ id: string }[]>`
        insert into public.webhook_subscriptions (workspace_id, url, events, secret_encrypted)
        values (${team.workspaceId}, 'https://hooks.example.com/', '{contact.created}', 'v1:x:y:z') returning id`;
      const [event] = await tx<{ id: string }[]>`
        insert into public.webhook_outbox (workspace_id, type, entity_id) values (${team.workspaceId}, 'contact.created', ${data.contactId})
        returning id`;
      const [delivery] = await tx<{ id: string }[]>`
        insert into public.webhook_deliveries (workspace_id, subscription_id, event_id)
        values (${team.workspaceId}, ${subscription?.id ?? null}, ${event?.id ?? null}) returning id`;
      await tx`insert into public.webhook_attempts (workspace_id, delivery_id, latency_ms, response_status, succeeded)
               values (${team.workspaceId}, ${delivery?.id ?? null}, 12, 200, true)`;
    });
  }
  return { a, b, aData, bData, bMessage };
}

async function tenantTables(): Promise<string[]> {
  const rows = await asService(
    (tx) => tx<{ table_name: string }[]>`
      select c.table_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and c.column_name = 'workspace_id' and t.table_type = 'BASE TABLE'
      order by c.table_name`,
  );
  return rows.map((r) => r.table_name);
}

describe("row level security", () => {
  it("a member of workspace A sees none of workspace B's rows, in any tenant table", async () => {
    const { a, b } = await twoTenants();
    const tables = await tenantTables();
    expect(tables).toEqual(
      expect.arrayContaining([
        "contacts",
        "conversations",
        "messages",
        "webhook_events",
        "whatsapp_channels",
        "workspace_members",
        "message_statuses",
        "whatsapp_templates",
        "ai_settings",
        "ai_runs",
        "api_keys",
        "kapso_customers",
        "kapso_setup_links",
        "contact_imports",
        "contact_import_skips",
        "broadcasts",
        "broadcast_recipients",
      ]),
    );
    const keyOfA = keys.get(a.workspaceId);
    if (!keyOfA) throw new Error("no API key for workspace A");
    for (const table of tables) {
      const as = KEY_SCOPED_TABLES.has(table)
        ? <T>(fn: (tx: Tx) => Promise<T>) => asApiKey(keyOfA, fn)
        : <T>(fn: (tx: Tx) => Promise<T>) => asUser(a.owner.claims, fn);
      await as(async (tx) => {
        const [other] = await tx.unsafe(`select count(*)::int as n from public."${table}" where workspace_id = $1`, [b.workspaceId]);
        expect(other?.n, table).toBe(0);
        const [own] = await tx.unsafe(`select count(*)::int as n from public."${table}" where workspace_id = $1`, [a.workspaceId]);
        expect(own?.n, table).toBeGreaterThan(0);
      });
    }
    await asUser(a.owner.claims, async (tx) => {
      const workspaces = await tx<{ id: string }[]>`select id from public.workspaces`;
      expect(workspaces.map((w) => w.id)).toContain(a.workspaceId);
      expect(workspaces.map((w) => w.id)).not.toContain(b.workspaceId);
    });
  });

  it("cannot write into another workspace (WITH CHECK), nor change its rows", async () => {
    const { a, b, bData } = await twoTenants();
    const attempts = [
      (ws: string) =>
        asUser(a.owner.claims, (tx) => tx`insert into public.contacts (workspace_id, phone_e164) values (${ws}, '+6281200001111')`),
      (ws: string) =>
        asUser(
          a.owner.claims,
          (tx) =>
            tx`insert into public.conversations (workspace_id, channel_id, contact_id) values (${ws}, ${bData.channelId}, ${bData.contactId})`,
        ),
      (ws: string) =>
        asUser(
          a.owner.claims,
          (tx) =>
            tx`insert into public.messages (workspace_id, conversation_id, direction, type, sender_type, sender_user_id)
               values (${ws}, ${bData.conversationId}, 'outbound', 'note', 'agent', ${a.owner.id})`,
        ),
    ];
    for (const attempt of attempts) await expect(attempt(b.workspaceId)).rejects.toMatchObject({ code: "42501" });

    const updated = await asUser(a.owner.claims, (tx) => tx`update public.contacts set name = 'hijacked' where id = ${bData.contactId}`);
    expect(updated.count).toBe(0);
    const [contact] = await asService((tx) => tx`select name from public.contacts where id = ${bData.contactId}`);
    expect(contact?.name).toBeNull();
  });

  it("an agent cannot change members or channels, nor read the webhook log; an admin can", async () => {
    const { a, aData } = await twoTenants();
    const agent = a.agent.claims;
    await expect(
      asUser(
        agent,
        (tx) => tx`insert into public.workspace_members (workspace_id, user_id, role) values (${a.workspaceId}, ${a.admin.id}, 'agent')`,
      ),
    ).rejects.toMatchObject({ code: "42501" });
    expect(
      (
        await asUser(
          agent,
          (tx) => tx`update public.workspace_members set role = 'owner' where workspace_id = ${a.workspaceId} and user_id = ${a.agent.id}`,
        )
      ).count,
    ).toBe(0);
    expect(
      (
        await asUser(
          agent,
          (tx) => tx`delete from public.workspace_members where workspace_id = ${a.workspaceId} and user_id = ${a.owner.id}`,
        )
      ).count,
    ).toBe(0);
    await expect(
      asUser(
        agent,
        (tx) =>
          tx`insert into public.whatsapp_channels (workspace_id, provider, phone_number_id) values (${a.workspaceId}, 'meta', '555000111222')`,
      ),
    ).rejects.toMatchObject({ code: "42501" });
    expect((await asUser(agent, (tx) => tx`update public.whatsapp_channels set name = 'mine' where id = ${aData.channelId}`)).count).toBe(
      0,
    );

    const [members] = await asService(
      (tx) => tx`select count(*)::int as n from public.workspace_members where workspace_id = ${a.workspaceId} and role = 'owner'`,
    );
    expect(members?.n).toBe(1);
    expect(await asUser(agent, (tx) => tx`select id from public.webhook_events where workspace_id = ${a.workspaceId}`)).toHaveLength(0);
    expect(
      await asUser(a.admin.claims, (tx) => tx`select id from public.webhook_events where workspace_id = ${a.workspaceId}`),
    ).toHaveLength(1);
  });

  it("members cannot read a number's secrets", async () => {
    const { a, aData } = await twoTenants();
    await expect(
      asUser(a.owner.claims, (tx) => tx`select webhook_secret from public.whatsapp_channels where id = ${aData.channelId}`),
    ).rejects.toMatchObject({
      code: "42501",
    });
    await expect(asUser(a.owner.claims, (tx) => tx`select credentials_encrypted from public.whatsapp_channels`)).rejects.toMatchObject({
      code: "42501",
    });
    const [channel] = await asUser(a.owner.claims, (tx) => tx`select id, name from public.whatsapp_channels where id = ${aData.channelId}`);
    expect(channel?.name).toBe("Test number");
  });

  it("anon sees nothing, and a session without claims sees no workspace", async () => {
    await twoTenants();
    await expect(
      db().begin(async (tx) => {
        await tx`select set_config('role', 'anon', true)`;
        return tx`select id from public.contacts limit 1`;
      }),
    ).rejects.toMatchObject({ code: "42501" });
    const visible = await db().begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true)`;
      return tx`select id from public.workspaces`;
    });
    expect(visible).toHaveLength(0);
  });

  it("policies look membership up once per query, not once per row", async () => {
    // A per-row function call cost 0.2 ms a row (migration 20261125530000); the sets are hashed once per query.
    const perRow = await db()<{ policy: string }[]>`
      select tablename || '.' || policyname as policy from pg_policies
      where schemaname = 'public'
        and concat(qual, ' ', with_check) ~ 'private\\.is_(member|admin)\\(|(?<!SELECT )(auth\\.uid|private\\.api_key_id)\\(\\)'`;
    expect(perRow).toEqual([]);
    const team = await createTeam();
    const plan = await asUser(
      team.agent.claims,
      (tx) => tx<{ "QUERY PLAN": string }[]>`explain (costs off) select id from public.conversations`,
    );
    expect(plan.map((line) => line["QUERY PLAN"]).join("\n")).toMatch(/hashed SubPlan/);
  });

  it("an agent reads and writes the conversations of their own workspace", async () => {
    const { a, aData } = await twoTenants();
    await asUser(a.agent.claims, async (tx) => {
      expect(await tx`select id from public.conversations where id = ${aData.conversationId}`).toHaveLength(1);
      expect((await tx`update public.contacts set name = 'Bu Siti' where id = ${aData.contactId}`).count).toBe(1);
      await tx`insert into public.messages (workspace_id, conversation_id, direction, type, body, sender_type, sender_user_id)
               values (${a.workspaceId}, ${aData.conversationId}, 'outbound', 'note', 'call back tomorrow', 'agent', ${a.agent.id})`;
    });
  });
});
