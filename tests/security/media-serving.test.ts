import { afterAll, describe, expect, it } from "vitest";
import { MEDIA_RULES } from "@/lib/whatsapp-media";
import { asService, asUser } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import { findMessageMedia } from "@/server/whatsapp/media/message-media";
import { attachmentDisposition, DISPLAYABLE_SIGNATURES, mediaFileResponse } from "@/server/whatsapp/media/serve-media";
import { createConversation, createTeam, insertMessage } from "../support/fixtures";

afterAll(() => stopQueue());

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === "string" ? [...Buffer.from(part, "latin1")] : part)));
const HTML = bytes("<!doctype html><script>fetch('/api/v1/contacts')</script>");
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "\0\0\0\rIHDR");

function headersOf(response: Response) {
  return Object.fromEntries(
    ["content-type", "content-disposition", "x-content-type-options", "content-security-policy"].map((name) => [
      name,
      response.headers.get(name),
    ]),
  );
}

describe("media answers", () => {
  it("sends a customer's HTML document as an opaque download, never as a page", () => {
    expect(headersOf(mediaFileResponse(HTML, "text/html", "invoice.html"))).toEqual({
      "content-type": "application/octet-stream",
      "content-disposition": `attachment; filename="invoice.html"; filename*=UTF-8''invoice.html`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox",
    });
  });

  it("does not show a file inline whose bytes are not the image it claims to be", () => {
    const response = mediaFileResponse(HTML, "image/png", "cat.png");
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
  });

  it("shows real images, voice notes and videos inline with their checked type", () => {
    const cases: [Uint8Array<ArrayBuffer>, string, string][] = [
      [PNG, "image/png", "image/png"],
      [bytes([0xff, 0xd8, 0xff, 0xe0]), "image/jpeg", "image/jpeg"],
      [bytes("OggS", [0, 2]), "audio/ogg; codecs=opus", "audio/ogg"],
      [bytes([0, 0, 0, 0x18], "ftypmp42"), "video/mp4", "video/mp4"],
      [bytes("RIFF", [0, 0, 0, 0], "WEBPVP8 "), "image/webp", "image/webp"],
    ];
    for (const [file, declared, served] of cases) {
      const response = mediaFileResponse(file, declared, "x");
      expect({ declared, ...headersOf(response) }).toEqual({
        declared,
        "content-type": served,
        "content-disposition": "inline",
        "x-content-type-options": "nosniff",
        "content-security-policy": "sandbox",
      });
    }
  });

  it("checks the signature of exactly WhatsApp's image, audio, video and sticker types", () => {
    const displayable = [MEDIA_RULES.image, MEDIA_RULES.audio, MEDIA_RULES.video, MEDIA_RULES.sticker].flatMap((rule) => rule.mimeTypes);
    expect(Object.keys(DISPLAYABLE_SIGNATURES).sort()).toEqual([...displayable].sort());
  });

  it("names downloads without letting the customer's filename break out of the header", () => {
    expect(attachmentDisposition('a"; filename=evil.html\r\nSet-Cookie: x=1')).toBe(
      `attachment; filename="a__ filename=evil.htmlSet-Cookie: x=1"; filename*=UTF-8''a%22%3B%20filename%3Devil.htmlSet-Cookie%3A%20x%3D1`,
    );
    expect(attachmentDisposition("résumé.pdf")).toBe(`attachment; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`);
    expect(attachmentDisposition("../../etc/passwd")).toBe(`attachment; filename="....etcpasswd"; filename*=UTF-8''....etcpasswd`);
    expect(attachmentDisposition(null)).toMatch(/^attachment; filename="file";/);
  });
});

describe("findMessageMedia", () => {
  it("finds a message's media for its workspace's members and nothing for anyone else", async () => {
    const [team, stranger] = await Promise.all([createTeam(), createTeam()]);
    const { conversationId } = await createConversation(team.workspaceId);
    const id = await insertMessage(team.workspaceId, conversationId, { direction: "inbound", sentAt: new Date(), type: "document" });
    await asService(
      (tx) => tx`update public.messages set media_storage_path = ${`${team.workspaceId}/${id}`}, media_mime_type = 'text/html',
                 media_filename = 'invoice.html', media_status = 'stored' where id = ${id}`,
    );
    expect(await asUser(team.agent.claims, (tx) => findMessageMedia(tx, id))).toEqual({
      media_storage_path: `${team.workspaceId}/${id}`,
      media_mime_type: "text/html",
      media_filename: "invoice.html",
      media_status: "stored",
    });
    expect(await asUser(stranger.owner.claims, (tx) => findMessageMedia(tx, id))).toBeNull();
  });
});
