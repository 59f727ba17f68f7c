import { describe, expect, it } from "vitest";
import * as byToken from "@/app/api/webhooks/[provider]/[token]/route";
import * as byProvider from "@/app/api/webhooks/[provider]/route";
import { asService } from "@/server/db/client";
import { metaInbound, newWamid } from "../../scripts/webhooks/payloads";
import { createChannel, deliver } from "../support/webhooks";

// The app-wide verify token, read by env() on first use.
process.env.META_WEBHOOK_VERIFY_TOKEN = "app-wide-verify-token";

const params = <T>(value: T) => ({ params: Promise.resolve(value) });
const handshake = (provider: string, token: string) =>
  byProvider.GET(
    new Request(`http://localhost:3000/api/webhooks/${provider}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=8401`),
    params({ provider }),
  );
const post = (url: string) => new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });

describe("the webhook routes: one for every provider, through its adapter", () => {
  it("answers Meta's handshake for the app-wide token and a connected Meta number's token only", async () => {
    const meta = await createChannel({ provider: "meta" });
    const dialog = await createChannel({ provider: "360dialog" });

    const appWide = await handshake("meta", "app-wide-verify-token");
    expect(appWide.status).toBe(200);
    expect(await appWide.text()).toBe("8401");
    expect(await (await handshake("meta", meta.token)).text()).toBe("8401");
    expect((await handshake("meta", dialog.token)).status).toBe(403);
    expect((await handshake("meta", "guessed-token")).status).toBe(403);

    await asService((tx) => tx`update public.whatsapp_channels set status = 'disconnected' where id = ${meta.id}`);
    expect((await handshake("meta", meta.token)).status).toBe(403);
  });

  it("has no handshake for providers without one, and nothing for names that are no provider", async () => {
    expect((await handshake("360dialog", "app-wide-verify-token")).status).toBe(405);
    expect((await handshake("telegram", "app-wide-verify-token")).status).toBe(404);
    expect((await byProvider.POST(post("http://localhost:3000/api/webhooks/telegram"), params({ provider: "telegram" }))).status).toBe(404);
  });

  it("takes a token in the path only from providers that route by it", async () => {
    const dialog = await createChannel({ provider: "360dialog" });
    // 360dialog without its token, Meta with one: neither is a URL we gave out.
    expect((await byProvider.POST(post("http://localhost:3000/api/webhooks/360dialog"), params({ provider: "360dialog" }))).status).toBe(
      404,
    );
    const metaWithToken = await byToken.POST(
      post(`http://localhost:3000/api/webhooks/meta/${dialog.token}`),
      params({ provider: "meta", token: dialog.token }),
    );
    expect(metaWithToken.status).toBe(404);
  });

  it("routes a path token to a channel of that provider only (a Meta number's verify token is no 360dialog URL)", async () => {
    const meta = await createChannel({ provider: "meta" });
    const body = metaInbound(
      { phoneNumberId: meta.phoneNumberId, displayPhoneNumber: meta.displayPhoneNumber, wabaId: meta.wabaId },
      { from: "6281233334444", wamid: newWamid() },
      { type: "text", text: { body: "posted to the 360dialog URL with a Meta token" } },
    );
    const response = await deliver(meta, "360dialog", body, { token: meta.token });
    expect(response.status).toBe(401);
    const stored = await asService(
      (tx) => tx`select 1 from public.webhook_events where channel_id = ${meta.id} and outcome <> 'invalid_signature'`,
    );
    expect(stored).toHaveLength(0);
  });
});
