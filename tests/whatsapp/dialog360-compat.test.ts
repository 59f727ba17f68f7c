// First: sets up what Next's request scope needs before Next's modules load.
import "../support/next-request-scope";
import { describe, expect, it } from "vitest";
import * as whatsapp from "@/app/api/webhooks/whatsapp/route";
import { asService } from "@/server/db/client";
import { metaInboundText, newWamid } from "../../scripts/webhooks/payloads";
import { inRequestScope } from "../support/next-request-scope";
import { useScratchDatabase } from "../support/scratch-database";
import { createChannel, type TestChannel } from "../support/webhooks";

/**
 * POST /api/webhooks/whatsapp, the one URL CRMs built on 360dialog
 * registered: served for the install's only 360dialog number, else a 404
 * naming the per-number URL. "The install's only" is about the whole
 * database, so this file has a database of its own.
 */
useScratchDatabase();

const from = () => `62812${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;

function post(channel: TestChannel, text: string, headers: Record<string, string> = {}) {
  const wamid = newWamid();
  const request = new Request("http://localhost:3000/api/webhooks/whatsapp", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(metaInboundText(channel, { from: from(), wamid, text })),
  });
  return { wamid, response: inRequestScope(() => whatsapp.POST(request)) };
}

const stored = (wamid: string) => asService((tx) => tx<{ body: string }[]>`select body from public.messages where wamid = ${wamid}`);

describe("POST /api/webhooks/whatsapp (360dialog, one number)", () => {
  let first: TestChannel;

  it("is a 404 naming the per-number URL while no 360dialog number is connected", async () => {
    const meta = await createChannel({ provider: "meta" });
    const { wamid, response } = post(meta, "to nobody");
    const answer = await response;
    expect(answer.status).toBe(404);
    expect((await answer.json()).error.message).toMatch(/has no\b.*\/api\/webhooks\/360dialog\/<token>/);
    expect(await stored(wamid)).toEqual([]);
  });

  it("stores the webhook for the install's only 360dialog number, as its own URL would", async () => {
    first = await createChannel({ provider: "360dialog" });
    // A disconnected one does not count.
    const old = await createChannel({ provider: "360dialog" });
    await asService((tx) => tx`update public.whatsapp_channels set status = 'disconnected' where id = ${old.id}`);
    const { wamid, response } = post(first, "Halo 360dialog");
    expect((await response).status).toBe(200);
    expect(await stored(wamid)).toEqual([{ body: "Halo 360dialog" }]);
    // The number's partner signature is still checked when one is sent.
    const forged = post(first, "forged", { "x-360dialog-signature": "0".repeat(64) });
    expect((await forged.response).status).toBe(401);
    expect(await stored(forged.wamid)).toEqual([]);
  });

  it("is a 404 naming the per-number URL once a second 360dialog number is connected", async () => {
    await createChannel({ provider: "360dialog" });
    const { wamid, response } = post(first, "which number?");
    const answer = await response;
    expect(answer.status).toBe(404);
    expect((await answer.json()).error.message).toMatch(/more than one.*\/api\/webhooks\/360dialog\/<token>/);
    expect(await stored(wamid)).toEqual([]);
  });

  it("answers GET with 405: 360dialog has no handshake", async () => {
    const answer = await whatsapp.GET(new Request("http://localhost:3000/api/webhooks/whatsapp?hub.mode=subscribe"));
    expect(answer.status).toBe(405);
  });
});
