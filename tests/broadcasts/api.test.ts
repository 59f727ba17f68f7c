import { beforeAll, describe, expect, it } from "vitest";
import * as cancelRoute from "@/app/api/v1/broadcasts/[id]/cancel/route";
import * as broadcastRoute from "@/app/api/v1/broadcasts/[id]/route";
import * as broadcastsRoute from "@/app/api/v1/broadcasts/route";
import { runBroadcast } from "@/server/broadcasts/run";
import { asService } from "@/server/db/client";
import { apiRequest, createKey, params, read } from "../support/api";
import { createTeam } from "../support/fixtures";
import { createChannel, type TestChannel } from "../support/webhooks";
import { approvedTemplate, insertContacts, MAPPING, randomPhone, recipients } from "./support";

let team: Awaited<ReturnType<typeof createTeam>>;
let channel: TestChannel;
let templateId: string;
let writeKey: string;
let readKey: string;

beforeAll(async () => {
  team = await createTeam();
  channel = await createChannel({ workspaceId: team.workspaceId });
  templateId = (await approvedTemplate(team.workspaceId, channel.wabaId)).id;
  writeKey = (await createKey(team, "write")).key;
  readKey = (await createKey(team, "read")).key;
});

const body = (audience: Record<string, unknown>) => ({
  name: "API promo",
  channel_id: channel.id,
  template_id: templateId,
  parameters: MAPPING,
  audience,
});

describe("/api/v1/broadcasts", () => {
  it("says a schema's refusal in English, not as the catalogue key the app's forms translate", async () => {
    const refused = await read<{ error: { message: string } }>(
      broadcastsRoute.POST(
        apiRequest("POST", "/broadcasts", {
          key: writeKey,
          body: { ...body({ phones: [randomPhone()] }), parameters: { "body.1": { source: "literal", value: " " } } },
        }),
      ),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe("body.parameters.body.1.value: Write the text for this placeholder.");
  });

  it("creates a broadcast to a segment and numbers, lists it and gets it with its counts", async () => {
    const tag = `api-${Date.now()}`;
    await insertContacts(team.workspaceId, [{ tags: [tag] }, { tags: [tag], optedOut: true }]);
    const local = randomPhone().replace("+62", "0");
    const created = await read<{ id: string; state: string; duplicates: number }>(
      broadcastsRoute.POST(
        apiRequest("POST", "/broadcasts", { key: writeKey, body: body({ filter: { tags: [tag] }, phones: [local, local] }) }),
      ),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: "sending", duplicates: 1 });
    await runBroadcast(created.body.id);

    const got = await read(
      broadcastRoute.GET(apiRequest("GET", `/broadcasts/${created.body.id}`, { key: readKey }), params({ id: created.body.id })),
    );
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id: created.body.id,
      template: { language: "en_US" },
      counts: { total: 3, queued: 2, skipped: 1 },
    });
    const list = await read<{ data: { id: string }[] }>(
      broadcastsRoute.GET(apiRequest("GET", "/broadcasts?state=sending", { key: readKey })),
    );
    expect(list.body.data.map((b) => b.id)).toContain(created.body.id);
  });

  it("cancels; a read key can neither create nor cancel", async () => {
    const tag = `apic-${Date.now()}`;
    await insertContacts(team.workspaceId, [{ tags: [tag] }]);
    const refused = await read(
      broadcastsRoute.POST(apiRequest("POST", "/broadcasts", { key: readKey, body: body({ filter: { tags: [tag] } }) })),
    );
    expect(refused.status).toBe(403);
    const created = await read<{ id: string }>(
      broadcastsRoute.POST(apiRequest("POST", "/broadcasts", { key: writeKey, body: body({ filter: { tags: [tag] } }) })),
    );
    const id = created.body.id;
    expect((await read(cancelRoute.POST(apiRequest("POST", `/broadcasts/${id}/cancel`, { key: readKey }), params({ id })))).status).toBe(
      403,
    );
    const cancelled = await read(cancelRoute.POST(apiRequest("POST", `/broadcasts/${id}/cancel`, { key: writeKey }), params({ id })));
    expect(cancelled.body).toMatchObject({ state: "cancelled" });
    expect(await runBroadcast(id)).toBe("stopped");
    expect(await recipients(id)).toEqual([]);
    const again = await read(cancelRoute.POST(apiRequest("POST", `/broadcasts/${id}/cancel`, { key: writeKey }), params({ id })));
    expect(again.status).toBe(409);
  });

  it("refuses an audience-less body and another workspace's broadcast", async () => {
    const empty = await read(broadcastsRoute.POST(apiRequest("POST", "/broadcasts", { key: writeKey, body: body({}) })));
    expect(empty.status).toBe(422);
    const other = await createTeam();
    const otherChannel = await createChannel({ workspaceId: other.workspaceId });
    const [theirs] = await asService(
      (tx) => tx<{ id: string }[]>`
        insert into public.broadcasts (workspace_id, name, channel_id, template_name, template_language, state)
        values (${other.workspaceId}, 'Theirs', ${otherChannel.id}, 'x', 'en', 'draft') returning id`,
    );
    const id = theirs?.id as string;
    expect((await read(broadcastRoute.GET(apiRequest("GET", `/broadcasts/${id}`, { key: readKey }), params({ id })))).status).toBe(404);
    expect((await read(cancelRoute.POST(apiRequest("POST", `/broadcasts/${id}/cancel`, { key: writeKey }), params({ id })))).status).toBe(
      404,
    );
    const [row] = await asService((tx) => tx<{ state: string }[]>`select state from public.broadcasts where id = ${id}`);
    expect(row?.state).toBe("draft");
  });

  it("takes a media header's file as header_media, and refuses one of the wrong kind in the user's words", async () => {
    const imageTemplateId = (await approvedTemplate(team.workspaceId, channel.wabaId, { header: { format: "IMAGE" } })).id;
    const audience = { phones: [randomPhone()] };
    const png = { filename: "promo.png", mime_type: "image/png", data: Buffer.from("fake png bytes").toString("base64") };
    const created = await read<{ id: string }>(
      broadcastsRoute.POST(
        apiRequest("POST", "/broadcasts", { key: writeKey, body: { ...body(audience), template_id: imageTemplateId, header_media: png } }),
      ),
    );
    expect(created.status).toBe(201);
    const [row] = await asService(
      (tx) => tx<{ header_media: { mimeType: string; filename: string; size: number } }[]>`
        select header_media from public.broadcasts where id = ${created.body.id}`,
    );
    expect(row?.header_media).toMatchObject({ mimeType: "image/png", filename: "promo.png", size: 14 });

    const pdf = { filename: "menu.pdf", mime_type: "application/pdf", data: Buffer.from("%PDF-1.4").toString("base64") };
    const refused = await read<{ error: { message: string } }>(
      broadcastsRoute.POST(
        apiRequest("POST", "/broadcasts", { key: writeKey, body: { ...body(audience), template_id: imageTemplateId, header_media: pdf } }),
      ),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/header is an image: choose a JPEG or PNG file, not application\/pdf/);
    const missing = await read(
      broadcastsRoute.POST(apiRequest("POST", "/broadcasts", { key: writeKey, body: { ...body(audience), template_id: imageTemplateId } })),
    );
    expect(missing.status).toBe(422);
  });
});
