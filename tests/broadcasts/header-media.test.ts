import { beforeAll, describe, expect, it } from "vitest";
import { storeHeaderMedia } from "@/server/broadcasts/header-media";
import { runBroadcast } from "@/server/broadcasts/run";
import { sendOutboundMessage } from "@/server/inbox/delivery";
import { sendMessageJob } from "@/server/inbox/jobs";
import { expectAppError } from "../support/app-error";
import { answeredMediaId, connectChannel, useFakeProvider, workJob } from "../support/fake-provider";
import { createTeam } from "../support/fixtures";
import { createChannel, type TestChannel } from "../support/webhooks";
import { approvedTemplate, broadcastMessages, create, insertContacts, recipients } from "./support";

const fake = useFakeProvider();
let team: Awaited<ReturnType<typeof createTeam>>;
let channel: TestChannel;
let imageTemplateId: string;
let documentTemplateId: string;

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const file = (name: string, type: string, bytes = PNG) => new File([bytes], name, { type });

beforeAll(async () => {
  team = await createTeam();
  channel = await createChannel({ provider: "meta", workspaceId: team.workspaceId });
  await connectChannel(fake, channel, "meta");
  imageTemplateId = (await approvedTemplate(team.workspaceId, channel.wabaId, { header: { format: "IMAGE" } })).id;
  documentTemplateId = (await approvedTemplate(team.workspaceId, channel.wabaId, { header: { format: "DOCUMENT" } })).id;
});

const base = (templateId: string) => ({ channelId: channel.id, templateId, filter: null, start: "now" as const });

async function sendAll(broadcastId: string) {
  for (const message of await broadcastMessages(broadcastId)) {
    await workJob(sendMessageJob.name, message.id, () => sendOutboundMessage(message.id, { finalAttempt: false }));
  }
}

describe("broadcasts of a media-header template", () => {
  it("uploads the file once for the number and sends every recipient a header with that media id", async () => {
    const contacts = await insertContacts(team.workspaceId, [{ name: "Siti" }, { name: "Budi" }, { name: "Ayu" }]);
    const phones = contacts.map((c) => c.phone_e164 as string);
    const headerMedia = await storeHeaderMedia(team.workspaceId, file("promo.png", "image/png"));
    const { id } = await create(team.admin, team.workspaceId, {
      ...base(imageTemplateId),
      csv: { phones, invalid: [], duplicates: 0 },
      headerMedia,
    });
    expect(await runBroadcast(id)).toBe("waiting");
    // A second run of the job (a retry, a restart) does not upload again.
    expect(await runBroadcast(id)).toBe("waiting");
    await sendAll(id);

    const uploads = fake.uploads(channel.phoneNumberId);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]?.multipart?.files[0]).toMatchObject({ field: "file", contentType: "image/png", size: PNG.length });
    const mediaId = answeredMediaId(uploads[0]);
    expect(mediaId).toBeTruthy();

    const sends = fake.sends(channel.phoneNumberId).filter((s) => phones.includes(`+${s.json?.to}`));
    expect(sends).toHaveLength(3);
    for (const send of sends) {
      expect((send.json?.template as { components?: unknown[] } | undefined)?.components).toEqual([
        { type: "header", parameters: [{ type: "image", image: { id: mediaId } }] },
        { type: "body", parameters: [expect.objectContaining({ type: "text" }), expect.objectContaining({ type: "text" })] },
      ]);
    }
    expect((await recipients(id)).every((r) => r.state === "sent")).toBe(true);
  });

  it("names the document in a document header", async () => {
    const [contact] = await insertContacts(team.workspaceId, [{ name: "Dewi" }]);
    const headerMedia = await storeHeaderMedia(team.workspaceId, file("price-list.pdf", "application/pdf"));
    const { id } = await create(team.admin, team.workspaceId, {
      ...base(documentTemplateId),
      csv: { phones: [contact?.phone_e164 as string], invalid: [], duplicates: 0 },
      headerMedia,
    });
    await runBroadcast(id);
    const [message] = await broadcastMessages(id);
    expect((message?.content.template as { components?: unknown[] } | undefined)?.components?.[0]).toEqual({
      type: "header",
      parameters: [{ type: "document", document: { id: expect.any(String), filename: "price-list.pdf" } }],
    });
  });

  it("fails the recipients with WhatsApp's reason when it refuses the file, and completes instead of retrying", async () => {
    const contacts = await insertContacts(team.workspaceId, [{ name: "Rina" }, { name: "Tono" }]);
    const headerMedia = await storeHeaderMedia(team.workspaceId, file("promo.png", "image/png"));
    const { id } = await create(team.admin, team.workspaceId, {
      ...base(imageTemplateId),
      csv: { phones: contacts.map((c) => c.phone_e164 as string), invalid: [], duplicates: 0 },
      headerMedia,
    });
    fake.failNext(1, { status: 400, body: { error: { message: "(#131053) Media upload error", code: 131053 } } }, { route: "media" });
    expect(await runBroadcast(id)).toBe("completed");
    const rows = await recipients(id);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({ state: "failed", failure_code: "131053", message_id: null });
      expect(row.failure_reason).toMatch(/WhatsApp refused the header file: .*Media upload error/);
    }
    expect(await broadcastMessages(id)).toEqual([]);
  });

  it("refuses in the user's words a missing file, a file of the wrong kind, and a file for a template without a media header", async () => {
    const csv = { phones: ["+6281234567890"], invalid: [], duplicates: 0 };
    await expectAppError(
      create(team.admin, team.workspaceId, { ...base(imageTemplateId), csv }),
      "invalid",
      /header shows an image: choose the file/,
    );
    const pdf = await storeHeaderMedia(team.workspaceId, file("menu.pdf", "application/pdf"));
    await expectAppError(
      create(team.admin, team.workspaceId, { ...base(imageTemplateId), csv, headerMedia: pdf }),
      "invalid",
      /header is an image: choose a JPEG or PNG file, not application\/pdf/,
    );
    const textTemplateId = (await approvedTemplate(team.workspaceId, channel.wabaId)).id;
    const png = await storeHeaderMedia(team.workspaceId, file("promo.png", "image/png"));
    await expectAppError(
      create(team.admin, team.workspaceId, { ...base(textTemplateId), csv, headerMedia: png }),
      "invalid",
      /no image, video or document header/,
    );
  });

  it("refuses a file WhatsApp would not take before storing it, and another workspace's file", async () => {
    await expectAppError(
      storeHeaderMedia(team.workspaceId, file("app.exe", "application/x-msdownload")),
      "invalid",
      /cannot send files of type/,
    );
    const other = await createTeam();
    const theirs = await storeHeaderMedia(other.workspaceId, file("promo.png", "image/png"));
    const csv = { phones: ["+6281234567890"], invalid: [], duplicates: 0 };
    await expectAppError(
      create(team.admin, team.workspaceId, { ...base(imageTemplateId), csv, headerMedia: theirs }),
      "invalid",
      /not in this workspace/,
    );
  });
});
