import { randomUUID } from "node:crypto";
import { type Browser, expect, type Page, test } from "@playwright/test";
import postgres from "postgres";
import { metaInboundText } from "../scripts/webhooks/payloads";
import { postWebhook } from "../scripts/webhooks/send";
import { E2E_DATABASE_URL, signIn } from "./support";

const PASSWORD = "teams-e2e-password";

/**
 * A workspace of its own (so no other spec's conversations or members count):
 * an owner, agents, one Meta number whose default team auto-assigns with
 * `cap`, and the given visibility. Returns what the tests need to drive it.
 */
async function teamWorkspace(sql: postgres.Sql, options: { agents: number; cap: number; visibility?: "all" | "own_team_unassigned" }) {
  const tag = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36);
  const workspaceId = randomUUID();
  const users = Array.from({ length: options.agents + 1 }, (_, i) => ({ id: randomUUID(), email: `teams-${tag}-${i}@example.com` }));
  const [owner, ...agents] = users as [(typeof users)[0], ...typeof users];
  for (const user of users) {
    await sql`insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
              values ('00000000-0000-0000-0000-000000000000', ${user.id}, 'authenticated', 'authenticated', ${user.email},
                      extensions.crypt(${PASSWORD}, extensions.gen_salt('bf', 4)), now(), '{"provider":"email"}', ${sql.json({ full_name: user.email.split("@")[0] ?? "" })})`;
  }
  await sql`insert into public.workspaces (id, name, slug, default_country, created_by, conversation_visibility)
            values (${workspaceId}, ${`Teams ${tag}`}, ${`teams-${tag}`}, 'BR', ${owner.id}, ${options.visibility ?? "all"})`;
  await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${workspaceId}, ${owner.id}, 'owner')`;
  for (const agent of agents) {
    await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${workspaceId}, ${agent.id}, 'agent')`;
  }
  const [team] = await sql<{ id: string }[]>`
    insert into public.teams (workspace_id, name, auto_assign, assignment_cap) values (${workspaceId}, 'Support', true, ${options.cap})
    returning id`;
  const number = { phoneNumberId: String(3e14 + Math.floor(Math.random() * 1e14)), displayPhoneNumber: "5511900000099" };
  const secret = `teams-secret-${tag}`;
  await sql`insert into public.whatsapp_channels (workspace_id, provider, phone_number_id, waba_id, display_phone_number, name, webhook_secret, default_team_id)
            values (${workspaceId}, 'meta', ${number.phoneNumberId}, ${`waba-${tag}`}, '+55 11 90000-0099', 'Teams line', ${secret}, ${team?.id ?? null})`;
  return { workspaceId, teamId: team?.id ?? "", owner, agents, number, secret };
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, PASSWORD);
  return page;
}

test("round-robin across three agents with a cap of one: three assigned, two queued, and a resolve frees the next", async ({
  browser,
  baseURL,
}) => {
  // Three browsers signing in and choosing their availability took ~28 s each on a loaded 2-core machine: past the default 60 s.
  test.setTimeout(240_000);
  const sql = postgres(E2E_DATABASE_URL, { max: 2, onnotice: () => {} });
  try {
    const w = await teamWorkspace(sql, { agents: 3, cap: 1 });
    await sql`insert into public.team_members (workspace_id, team_id, user_id)
              select ${w.workspaceId}, ${w.teamId}, unnest(${w.agents.map((a) => a.id)}::uuid[])`;
    // Each agent comes online from the sidebar.
    const pages: Page[] = [];
    for (const agent of w.agents) {
      const page = await signedIn(browser, agent.email);
      // A choice made before the page has hydrated is lost: choose again until the database has it.
      await expect(async () => {
        await page.getByLabel("Your availability").first().selectOption("online");
        expect((await sql`select 1 from public.member_availability where user_id = ${agent.id} and availability = 'online'`).length).toBe(
          1,
        );
      }).toPass({ timeout: 20_000 });
      pages.push(page);
    }

    const target = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: w.secret };
    for (let i = 0; i < 5; i += 1) {
      const customer = { name: `Queue ${i}`, from: `55119${String(70_000_000 + i * 1_111 + Math.floor(Math.random() * 1_000))}` };
      expect((await postWebhook(target, metaInboundText(w.number, { ...customer, text: `pedido ${i}` }))).status).toBe(200);
    }
    const assignments = () =>
      sql<{ id: string; assigned_to: string | null }[]>`
        select id, assigned_to from public.conversations where workspace_id = ${w.workspaceId} order by created_at, id`;
    await expect.poll(async () => (await assignments()).length).toBe(5);
    await expect.poll(async () => (await assignments()).filter((c) => c.assigned_to).length).toBe(3);
    const first = await assignments();
    expect(new Set(first.map((c) => c.assigned_to).filter(Boolean)).size).toBe(3);
    expect(first.slice(3).map((c) => c.assigned_to)).toEqual([null, null]);

    // One agent resolves theirs in the inbox; the oldest queued conversation goes to them.
    const resolver = w.agents.findIndex((a) => a.id === first[0]?.assigned_to);
    const page = pages[resolver] as Page;
    await page.goto(`/inbox/${first[0]?.id}`);
    // A click before hydration is lost: click again until the database has it resolved.
    const statusOf = async () =>
      (await sql<{ status: string }[]>`select status from public.conversations where id = ${first[0]?.id ?? ""}`)[0]?.status;
    await expect(async () => {
      if ((await statusOf()) !== "resolved") await page.getByRole("button", { name: "Resolve" }).click({ timeout: 5_000 });
      expect(await statusOf()).toBe("resolved");
    }).toPass({ timeout: 30_000 });
    await expect.poll(async () => (await assignments()).find((c) => c.id === first[3]?.id)?.assigned_to).toBe(w.agents[resolver]?.id);
    expect((await assignments()).find((c) => c.id === first[4]?.id)?.assigned_to).toBeNull();
  } finally {
    await sql.end();
  }
});

test("an agent restricted to their own conversations cannot open another agent's by its URL", async ({ browser, baseURL }) => {
  const sql = postgres(E2E_DATABASE_URL, { max: 2, onnotice: () => {} });
  try {
    const w = await teamWorkspace(sql, { agents: 2, cap: 5, visibility: "own_team_unassigned" });
    const [restricted, colleague] = w.agents as [(typeof w.agents)[0], (typeof w.agents)[0]];
    const target = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: w.secret };
    const from = `55119${String(80_000_000 + Math.floor(Math.random() * 9_999_999))}`;
    expect((await postWebhook(target, metaInboundText(w.number, { name: "Cliente privado", from, text: "só para a colega" }))).status).toBe(
      200,
    );
    await expect.poll(async () => (await sql`select id from public.conversations where workspace_id = ${w.workspaceId}`).length).toBe(1);
    const [conversation] = await sql<{ id: string }[]>`
      update public.conversations set assigned_to = ${colleague.id}, team_id = null where workspace_id = ${w.workspaceId} returning id`;

    const colleaguePage = await signedIn(browser, colleague.email);
    await colleaguePage.goto(`/inbox/${conversation?.id}`);
    await expect(colleaguePage.getByRole("list", { name: "Messages" })).toContainText("só para a colega");

    const page = await signedIn(browser, restricted.email);
    const response = await page.goto(`/inbox/${conversation?.id}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByText("só para a colega")).toHaveCount(0);
    await page.goto("/inbox");
    await expect(page.getByRole("list", { name: "Conversations" }).getByText("Cliente privado")).toHaveCount(0);
  } finally {
    await sql.end();
  }
});
