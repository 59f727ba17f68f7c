import { beforeAll, describe, expect, it } from "vitest";
import * as templatesApi from "@/app/api/v1/templates/route";
import type { TemplateDraftInput } from "@/lib/template-draft";
import { templateDraft } from "@/lib/template-draft";
import { asService, asUser } from "@/server/db/client";
import { connectMetaNumber } from "@/server/whatsapp/channels/connect-direct";
import { createTemplate } from "@/server/whatsapp/templates/create";
import { templateSyncJob } from "@/server/whatsapp/templates/jobs";
import { getTemplate, listTemplates } from "@/server/whatsapp/templates/queries";
import { syncChannelTemplates } from "@/server/whatsapp/templates/sync";
import type { WorkspaceContext } from "@/server/workspaces/context";
import { listMyWorkspaces } from "@/server/workspaces/queries";
import { metaTemplateChange } from "../../scripts/webhooks/payloads";
import { apiRequest, createKey, read } from "../support/api";
import { expectAppError } from "../support/app-error";
import { connectChannel, type FakeTemplate, fakeGraphCursor, jobsFor, useFakeProvider } from "../support/fake-provider";
import { createTeam, type TestUser, unique } from "../support/fixtures";
import { createChannel, deliverAndProcess, type TestChannel } from "../support/webhooks";

// Read by env() on first use: media headers through Meta need the app's id.
process.env.META_APP_ID = "730000000000001";

const fake = useFakeProvider();
let team: Awaited<ReturnType<typeof createTeam>>;
let channel: TestChannel;

async function contextFor(user: TestUser, workspaceId: string): Promise<WorkspaceContext> {
  const workspaces = await asUser(user.claims, (tx) => listMyWorkspaces(tx));
  const workspace = workspaces.find((w) => w.id === workspaceId);
  if (!workspace) throw new Error("not a member");
  return { claims: user.claims, workspace, workspaces };
}

const draft = (input: Partial<TemplateDraftInput> & { channelId: string }) =>
  templateDraft.parse({
    name: unique("order_update").replaceAll("-", "_"),
    language: "id",
    category: "UTILITY",
    header: { format: "NONE" },
    body: "Halo {{1}}, pesanan {{2}} sudah dikirim.",
    buttons: [],
    examples: { "body.1": "Budi", "body.2": "#123" },
    ...input,
  });

const row = async (id: string) => {
  const [found] = await asService(
    (tx) => tx<{ status: string; quality: string | null; category: string | null; rejection_reason: string | null }[]>`
      select status, quality, category, rejection_reason from public.whatsapp_templates where id = ${id}`,
  );
  return found;
};

beforeAll(async () => {
  team = await createTeam();
  channel = await createChannel({ provider: "meta", workspaceId: team.workspaceId });
  await connectChannel(fake, channel, "meta");
});

describe("sync", () => {
  it("reads every page of Meta's list, with quality, parameter format and the number", async () => {
    const line = await createChannel({ provider: "meta", workspaceId: (await createTeam()).workspaceId });
    const many: FakeTemplate[] = Array.from({ length: 260 }, (_, i) => ({
      id: String(1_170_000_000_000_000 + i),
      name: `promo_${String(i).padStart(3, "0")}`,
      language: "en_US",
      status: i % 2 ? "APPROVED" : "REJECTED",
      category: "MARKETING",
      components: [
        { type: "BODY", text: "Hi {{first_name}}", example: { body_text_named_params: [{ param_name: "first_name", example: "Ann" }] } },
      ],
      ...({ quality_score: { score: "GREEN" }, parameter_format: "NAMED", rejected_reason: i % 2 ? "NONE" : "PROMOTIONAL" } as object),
    }));
    await connectChannel(fake, line, "meta", { templates: many });

    expect(await syncChannelTemplates(line.id)).toBe(260);
    const pages = fake.requests.filter((r) => r.route === "templates");
    expect(pages.map((r) => r.query.after ?? null)).toEqual([null, expect.any(String)]);

    const stored = await asService(
      (tx) => tx<{ n: number; named: number; green: number; synced: number; mine: number; rejected: number }[]>`
        select count(*)::int as n, count(*) filter (where parameter_format = 'NAMED')::int as named,
               count(*) filter (where quality = 'GREEN')::int as green, count(synced_at)::int as synced,
               count(*) filter (where channel_id = ${line.id})::int as mine,
               count(*) filter (where rejection_reason = 'PROMOTIONAL')::int as rejected
        from public.whatsapp_templates where workspace_id = ${line.workspaceId}`,
    );
    expect(stored[0]).toEqual({ n: 260, named: 260, green: 260, synced: 260, mine: 260, rejected: 130 });
  });

  it("a page that fails fails the whole sync: nothing deleted for the templates it did not read", async () => {
    const line = await createChannel({ provider: "meta", workspaceId: (await createTeam()).workspaceId });
    const many = Array.from({ length: 251 }, (_, i) => ({
      id: String(1_160_000_000_000_000 + i),
      name: `n_${i}`,
      language: "en",
      status: "APPROVED",
      components: [{ type: "BODY", text: "x" }],
    }));
    await connectChannel(fake, line, "meta", { templates: many });
    await syncChannelTemplates(line.id);
    fake.reset();
    fake.failNext(
      1,
      { status: 500, body: { error: { message: "Service unavailable", code: 2 } } },
      {
        route: "templates",
        query: { after: fakeGraphCursor(250) },
      },
    );
    await expect(syncChannelTemplates(line.id)).rejects.toThrow(/Service unavailable/);
    expect(fake.requests.filter((r) => r.route === "templates")).toHaveLength(2);
    const [count] = await asService(
      (tx) => tx<{ n: number }[]>`select count(*)::int as n from public.whatsapp_templates where workspace_id = ${line.workspaceId}`,
    );
    expect(count?.n).toBe(251);
  });

  it("a newly connected number has its templates synced by a queued job", async () => {
    const other = await createTeam();
    const phoneNumberId = String(1e14 + Math.floor(Math.random() * 8e14));
    fake.addNumber({ provider: "meta", phoneNumberId, wabaId: unique("waba"), credential: "token-connect" });
    const connected = await connectMetaNumber(await contextFor(other.admin, other.workspaceId), {
      phoneNumberId,
      wabaId: "123",
      accessToken: "token-connect",
      appSecret: "app-secret",
    });
    expect((await jobsFor(templateSyncJob.name, connected.id)).map((job) => job.data)).toEqual([{ channelId: connected.id }]);
  });
});

describe("creating a template", () => {
  it("submits Meta's body, stores it PENDING with an audit entry; review, quality and category webhooks keep it current", async () => {
    const context = await contextFor(team.admin, team.workspaceId);
    const input = draft({
      channelId: channel.id,
      header: { format: "TEXT", text: "Pesanan {{1}}" },
      footer: "Toko Maju",
      buttons: [
        { type: "QUICK_REPLY", text: "Stop promotions" },
        { type: "URL", text: "Track", url: "https://shop.example/t/{{1}}" },
      ],
      examples: { "header.1": "#123", "body.1": "Budi", "body.2": "#123", "button.1.1": "https://shop.example/t/123" },
    });
    const created = await createTemplate(context, input, null);
    expect(created.status).toBe("PENDING");

    const [request] = fake.templateCreates(channel.phoneNumberId);
    expect(request).toMatchObject({ method: "POST", path: `/${channel.wabaId}/message_templates` });
    expect(request?.json).toEqual({
      name: input.name,
      language: "id",
      category: "UTILITY",
      components: [
        { type: "HEADER", format: "TEXT", text: "Pesanan {{1}}", example: { header_text: ["#123"] } },
        { type: "BODY", text: "Halo {{1}}, pesanan {{2}} sudah dikirim.", example: { body_text: [["Budi", "#123"]] } },
        { type: "FOOTER", text: "Toko Maju" },
        {
          type: "BUTTONS",
          buttons: [
            { type: "QUICK_REPLY", text: "Stop promotions" },
            { type: "URL", text: "Track", url: "https://shop.example/t/{{1}}", example: ["https://shop.example/t/123"] },
          ],
        },
      ],
    });

    const view = await asUser(team.agent.claims, (tx) => getTemplate(tx, team.workspaceId, created.id));
    expect(view).toMatchObject({
      name: input.name,
      status: "PENDING",
      category: "UTILITY",
      parameterFormat: "POSITIONAL",
      channel: { id: channel.id },
      parameters: [
        { id: "header.1", example: "#123" },
        { id: "body.1", example: "Budi" },
        { id: "body.2", example: "#123" },
        { id: "button.1.1", example: "https://shop.example/t/123" },
      ],
    });
    const [audit] = await asService(
      (tx) => tx<{ action: string; actor_id: string }[]>`
        select action, actor_id from public.audit_log where workspace_id = ${team.workspaceId} and target_id = ${created.id}`,
    );
    expect(audit).toEqual({ action: "template.created", actor_id: team.admin.id });

    const approved = fake.approveTemplate(channel.phoneNumberId, input.name);
    const template = { id: approved.id, name: input.name, language: "id" };
    await deliverAndProcess(
      channel,
      "meta",
      metaTemplateChange(channel.wabaId, "message_template_status_update", template, { event: "APPROVED", reason: "NONE" }),
    );
    expect(await row(created.id)).toMatchObject({ status: "APPROVED", rejection_reason: null });

    await deliverAndProcess(
      channel,
      "meta",
      metaTemplateChange(channel.wabaId, "message_template_quality_update", template, {
        previous_quality_score: "GREEN",
        new_quality_score: "YELLOW",
      }),
    );
    await deliverAndProcess(
      channel,
      "meta",
      metaTemplateChange(channel.wabaId, "template_category_update", template, { previous_category: "UTILITY", new_category: "MARKETING" }),
    );
    expect(await row(created.id)).toEqual({ status: "APPROVED", quality: "YELLOW", category: "MARKETING", rejection_reason: null });
  });

  it("a quality update for a template we never saw creates nothing", async () => {
    const template = { id: "1150000000000001", name: "unknown_one", language: "en" };
    await deliverAndProcess(
      channel,
      "meta",
      metaTemplateChange(channel.wabaId, "message_template_quality_update", template, { new_quality_score: "RED" }),
    );
    const found = await asService((tx) => tx`select 1 from public.whatsapp_templates where provider_template_id = ${template.id}`);
    expect(found).toHaveLength(0);
  });

  it("named variables are sent with parameter_format NAMED and named examples", async () => {
    const input = draft({
      channelId: channel.id,
      body: "Hi {{first_name}}, your code is {{code}}.",
      examples: { "body.first_name": "Ana", "body.code": "X1" },
    });
    await createTemplate(await contextFor(team.admin, team.workspaceId), input, null);
    expect(fake.templateCreates(channel.phoneNumberId)[0]?.json).toMatchObject({
      parameter_format: "NAMED",
      components: [
        {
          type: "BODY",
          example: {
            body_text_named_params: [
              { param_name: "first_name", example: "Ana" },
              { param_name: "code", example: "X1" },
            ],
          },
        },
      ],
    });
  });

  it("a media header's sample goes through the Resumable Upload API, and its handle into the template", async () => {
    const bytes = new Uint8Array(2048).fill(7);
    await createTemplate(
      await contextFor(team.admin, team.workspaceId),
      draft({ channelId: channel.id, header: { format: "IMAGE" }, category: "MARKETING" }),
      { bytes, mimeType: "image/png", filename: "promo.png" },
    );
    const [session, upload] = fake.requests.filter((r) => r.route === "upload_session" || r.route === "upload_file");
    expect(session).toMatchObject({
      path: "/730000000000001/uploads",
      query: { file_length: "2048", file_type: "image/png", file_name: "promo.png" },
    });
    expect(upload?.headers.file_offset).toBe("0");
    const handle = (upload?.response as { h?: string } | undefined)?.h;
    expect(handle).toMatch(/^4::/);
    expect(fake.templateCreates(channel.phoneNumberId)[0]?.json?.components).toContainEqual({
      type: "HEADER",
      format: "IMAGE",
      example: { header_handle: [handle] },
    });
  });

  it("Kapso numbers explain that media-header samples cannot be uploaded, and submit nothing", async () => {
    const kapsoTeam = await createTeam();
    const line = await createChannel({ provider: "kapso", workspaceId: kapsoTeam.workspaceId });
    await connectChannel(fake, line, "kapso");
    await expectAppError(
      createTemplate(await contextFor(kapsoTeam.admin, kapsoTeam.workspaceId), draft({ channelId: line.id, header: { format: "VIDEO" } }), {
        bytes: new Uint8Array(10),
        mimeType: "video/mp4",
        filename: "clip.mp4",
      }),
      "invalid",
      /Kapso's dashboard/,
    );
    expect(fake.templateCreates()).toHaveLength(0);
  });

  it("360dialog: created at POST /v1/configs/templates with the number's key", async () => {
    const dialogTeam = await createTeam();
    const line = await createChannel({ provider: "360dialog", workspaceId: dialogTeam.workspaceId });
    const key = await connectChannel(fake, line, "360dialog");
    const created = await createTemplate(await contextFor(dialogTeam.admin, dialogTeam.workspaceId), draft({ channelId: line.id }), null);
    const [request] = fake.templateCreates(line.phoneNumberId);
    expect(request).toMatchObject({ provider: "360dialog", path: "/v1/configs/templates" });
    expect(request?.headers["d360-api-key"]).toBe(key);
    expect(await row(created.id)).toMatchObject({ status: "PENDING" });
  });

  it("a refusal shows a readable sentence with the provider's words under it, and stores nothing", async () => {
    const context = await contextFor(team.admin, team.workspaceId);
    const input = draft({ channelId: channel.id });
    await createTemplate(context, input, null);
    const before = await asService((tx) => tx`select id from public.whatsapp_templates where workspace_id = ${team.workspaceId}`);
    const error = await createTemplate(context, input, null).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "invalid",
      message: expect.stringMatching(/^WhatsApp refused this template/),
      details: { provider: expect.stringMatching(/already exists.*There is already id content/) },
    });
    const after = await asService((tx) => tx`select id from public.whatsapp_templates where workspace_id = ${team.workspaceId}`);
    expect(after).toHaveLength(before.length);
  });
});

describe("who may see and create templates", () => {
  it("a member of another workspace reads none of them", async () => {
    await syncChannelTemplates(channel.id);
    const mine = await asUser(team.agent.claims, (tx) => listTemplates(tx, team.workspaceId));
    expect(mine.length).toBeGreaterThan(0);
    const stranger = (await createTeam()).admin;
    expect(await asUser(stranger.claims, (tx) => listTemplates(tx, team.workspaceId))).toEqual([]);
    expect(await asUser(stranger.claims, (tx) => getTemplate(tx, team.workspaceId, String(mine[0]?.id)))).toBeNull();
  });

  it("agents cannot create: refused before the provider is asked, and refused by the database too", async () => {
    await expectAppError(
      createTemplate(await contextFor(team.agent, team.workspaceId), draft({ channelId: channel.id }), null),
      "forbidden",
    );
    expect(fake.templateCreates()).toHaveLength(0);
    await expect(
      asUser(
        team.agent.claims,
        (tx) => tx`insert into public.whatsapp_templates (workspace_id, provider_template_id, name, language)
                   values (${team.workspaceId}, ${unique("tpl")}, 'sneaky', 'en')`,
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("an admin cannot create through another workspace's number", async () => {
    const other = await createTeam();
    await expectAppError(
      createTemplate(await contextFor(other.admin, other.workspaceId), draft({ channelId: channel.id }), null),
      "not_found",
    );
    expect(fake.templateCreates()).toHaveLength(0);
  });
});

describe("GET /api/v1/templates", () => {
  type Page = {
    data: { id: string; name: string; status: string; channel_id: string | null; parameters: unknown[] }[];
    next_cursor: string | null;
  };

  it("lists the key's workspace's templates, by number and status, a page at a time", async () => {
    const apiTeam = await createTeam();
    const line = await createChannel({ provider: "meta", workspaceId: apiTeam.workspaceId });
    const otherLine = await createChannel({ provider: "meta", workspaceId: apiTeam.workspaceId });
    const body = (name: string) => [{ type: "BODY", text: `Hi {{1}} from ${name}`, example: { body_text: [["Ann"]] } }];
    await connectChannel(fake, line, "meta", {
      templates: ["a_one", "a_two", "a_three"].map((name, i) => ({
        id: String(1_140_000_000_000_000 + i),
        name,
        language: "en",
        status: i === 2 ? "PENDING" : "APPROVED",
        components: body(name),
      })),
    });
    await connectChannel(fake, otherLine, "meta", {
      templates: [{ id: "1140000000000009", name: "b_one", language: "en", status: "APPROVED", components: body("b") }],
    });
    await syncChannelTemplates(line.id);
    await syncChannelTemplates(otherLine.id);
    const { key } = await createKey(apiTeam, "read");
    const list = (query: string) => read<Page>(templatesApi.GET(apiRequest("GET", `/templates${query}`, { key })));

    const first = await list(`?channel=${line.id}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    const second = await list(`?channel=${line.id}&limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.next_cursor).toBeNull();
    expect([...first.body.data, ...second.body.data].map((t) => t.name).sort()).toEqual(["a_one", "a_three", "a_two"]);
    expect(first.body.data[0]).toMatchObject({ channel_id: line.id, parameters: [{ id: "body.1", example: "Ann" }] });

    const approved = await list("?status=approved");
    expect(approved.body.data.map((t) => t.name).sort()).toEqual(["a_one", "a_two", "b_one"]);

    // Another workspace's key sees none of them.
    const { key: strangerKey } = await createKey(await createTeam(), "read");
    const stranger = await read<Page>(templatesApi.GET(apiRequest("GET", "/templates", { key: strangerKey })));
    expect(stranger.body.data).toEqual([]);
  });
});
