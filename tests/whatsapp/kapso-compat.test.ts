// First: sets up what Next's request scope needs before Next's modules load.
import "../support/next-request-scope";
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import * as singular from "@/app/api/webhook/kapso/route";
import * as byProvider from "@/app/api/webhooks/[provider]/route";
import { asService, asUser } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import { listChannels } from "@/server/whatsapp/channels/queries";
import { kapsoMessageReceived, metaInboundText, newWamid } from "../../scripts/webhooks/payloads";
import { createTeam, unique } from "../support/fixtures";
import { inRequestScope } from "../support/next-request-scope";
import { createChannel, type TestChannel } from "../support/webhooks";

/**
 * Kapso webhooks as CRMs built on Kapso configured them (docs/webhooks.md):
 * the singular /api/webhook/kapso path, the number's secret, Meta-format
 * forwarding, and the GET handshake. KAPSO_WEBHOOK_SECRET is unset here
 * (the default); kapso-compat-secret.test.ts sets it.
 */

afterAll(() => stopQueue());

function kapsoRequest(url: string, raw: string, signature: string | null) {
  const headers = new Headers({ "content-type": "application/json", "x-idempotency-key": randomUUID() });
  if (signature !== null) headers.set("x-webhook-signature", signature);
  return new Request(url, { method: "POST", headers, body: raw });
}

const sign = (raw: string, secret: string) => createHmac("sha256", secret).update(raw).digest("hex");

async function storedMessage(channel: TestChannel, wamid: string) {
  const [row] = await asService(
    (tx) => tx<{ body: string; phone_e164: string }[]>`
      select m.body, ct.phone_e164 from public.messages m
      join public.conversations c on c.workspace_id = m.workspace_id and c.id = m.conversation_id
      join public.contacts ct on ct.workspace_id = c.workspace_id and ct.id = c.contact_id
      where m.workspace_id = ${channel.workspaceId} and m.wamid = ${wamid}`,
  );
  return row;
}

const postSingular = (raw: string, signature: string | null) =>
  inRequestScope(() => singular.POST(kapsoRequest("http://localhost:3000/api/webhook/kapso", raw, signature)));

const from = () => `62812${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;

describe("POST /api/webhook/kapso (singular)", () => {
  it("stores a Kapso v2 event signed with the number's secret, as /api/webhooks/kapso does", async () => {
    const channel = await createChannel({ provider: "kapso" });
    const customer = from();
    const wamid = newWamid();
    const raw = JSON.stringify(kapsoMessageReceived(channel, { from: customer, wamid, text: "Halo dari Kapso" }));
    const request = kapsoRequest("http://localhost:3000/api/webhook/kapso", raw, sign(raw, channel.secret));
    request.headers.set("x-webhook-event", "whatsapp.message.received");
    const response = await inRequestScope(() => singular.POST(request));
    expect(response.status).toBe(200);
    expect(await storedMessage(channel, wamid)).toEqual({ body: "Halo dari Kapso", phone_e164: `+${customer}` });
  });

  it("stores Kapso's Meta-format forwarding (an entry[] body), signed, end to end", async () => {
    const channel = await createChannel({ provider: "kapso" });
    const customer = from();
    const wamid = newWamid();
    const raw = JSON.stringify(metaInboundText(channel, { from: customer, wamid, text: "Forwarded in Meta's format" }));
    const response = await postSingular(raw, sign(raw, channel.secret));
    expect(response.status).toBe(200);
    expect(await storedMessage(channel, wamid)).toEqual({ body: "Forwarded in Meta's format", phone_e164: `+${customer}` });
  });

  it("refuses a forged or unsigned webhook, and a body signed with another secret, storing no message", async () => {
    const channel = await createChannel({ provider: "kapso" });
    for (const signature of [sign("{}", channel.secret), null, "not-hex", undefined]) {
      const wamid = newWamid();
      const raw = JSON.stringify(metaInboundText(channel, { from: from(), wamid, text: "forged" }));
      const response = await postSingular(raw, signature === undefined ? sign(raw, "a-secret-we-never-gave-out") : signature);
      expect(response.status).toBe(401);
      expect(await storedMessage(channel, wamid)).toBeUndefined();
    }
  });
});

describe("GET on the Kapso webhook routes (the subscription handshake)", () => {
  const handshake = (route: "singular" | "plural", token: string) => {
    const query = `hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`;
    return route === "singular"
      ? singular.GET(new Request(`http://localhost:3000/api/webhook/kapso?${query}`))
      : byProvider.GET(new Request(`http://localhost:3000/api/webhooks/kapso?${query}`), {
          params: Promise.resolve({ provider: "kapso" }),
        });
  };

  it("echoes hub.challenge on both paths for a connected Kapso number's verify token only", async () => {
    const kapso = await createChannel({ provider: "kapso" });
    const meta = await createChannel({ provider: "meta" });
    for (const route of ["singular", "plural"] as const) {
      const answer = await handshake(route, kapso.token);
      expect(answer.status).toBe(200);
      expect(await answer.text()).toBe("1158201444");
      expect((await handshake(route, meta.token)).status).toBe(403);
      expect((await handshake(route, unique("guessed"))).status).toBe(403);
      // No KAPSO_WEBHOOK_SECRET here: its would-be value is no token.
      expect((await handshake(route, "kapso-shared-webhook-secret")).status).toBe(403);
    }
    await asService((tx) => tx`update public.whatsapp_channels set status = 'disconnected' where id = ${kapso.id}`);
    expect((await handshake("singular", kapso.token)).status).toBe(403);
  });

  it("shows a Kapso number's verify token beside its webhook URL on the numbers page", async () => {
    const team = await createTeam();
    const channel = await createChannel({ provider: "kapso", workspaceId: team.workspaceId });
    const listed = await asUser(team.admin.claims, (tx) => listChannels(tx, team.workspaceId));
    expect(listed.find((c) => c.id === channel.id)).toMatchObject({
      webhook_url: "http://localhost:3000/api/webhooks/kapso",
      verify_token: channel.token,
    });
  });
});
