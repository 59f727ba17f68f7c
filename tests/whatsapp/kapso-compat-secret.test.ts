// First: sets up what Next's request scope needs before Next's modules load.
import "../support/next-request-scope";
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import * as singular from "@/app/api/webhook/kapso/route";
import * as byProvider from "@/app/api/webhooks/[provider]/route";
import { asService } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import { metaInboundText, newWamid } from "../../scripts/webhooks/payloads";
import { inRequestScope } from "../support/next-request-scope";
import { createChannel } from "../support/webhooks";

/**
 * KAPSO_WEBHOOK_SECRET set, as a single-tenant install moving from a CRM
 * built on one Kapso project does: that project's secret vouches for any
 * Kapso number's webhooks, on both Kapso paths, and answers the handshake.
 * (Unset, the default, is kapso-compat.test.ts.) env() reads it on first use.
 */
const SHARED_SECRET = "kapso-shared-webhook-secret";
process.env.KAPSO_WEBHOOK_SECRET = SHARED_SECRET;

afterAll(() => stopQueue());

const sign = (raw: string, secret: string) => createHmac("sha256", secret).update(raw).digest("hex");

function post(path: "/api/webhook/kapso" | "/api/webhooks/kapso", raw: string, signature: string) {
  const request = new Request(`http://localhost:3000${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-webhook-signature": signature, "x-idempotency-key": randomUUID() },
    body: raw,
  });
  return inRequestScope(() =>
    path === "/api/webhook/kapso" ? singular.POST(request) : byProvider.POST(request, { params: Promise.resolve({ provider: "kapso" }) }),
  );
}

const storedBodies = (workspaceId: string, wamid: string) =>
  asService((tx) => tx<{ body: string }[]>`select body from public.messages where workspace_id = ${workspaceId} and wamid = ${wamid}`);

const from = () => `62812${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;

describe("KAPSO_WEBHOOK_SECRET set", () => {
  it("accepts a Kapso number's webhook signed with it on both paths, besides the number's own secret", async () => {
    const channel = await createChannel({ provider: "kapso" });
    for (const [path, secret] of [
      ["/api/webhook/kapso", SHARED_SECRET],
      ["/api/webhooks/kapso", SHARED_SECRET],
      ["/api/webhook/kapso", channel.secret],
    ] as const) {
      const wamid = newWamid();
      const raw = JSON.stringify(metaInboundText(channel, { from: from(), wamid, text: `signed for ${path}` }));
      const response = await post(path, raw, sign(raw, secret));
      expect(response.status).toBe(200);
      expect(await storedBodies(channel.workspaceId, wamid)).toEqual([{ body: `signed for ${path}` }]);
    }
  });

  it("still refuses a body signed with any other secret", async () => {
    const channel = await createChannel({ provider: "kapso" });
    const wamid = newWamid();
    const raw = JSON.stringify(metaInboundText(channel, { from: from(), wamid, text: "forged" }));
    expect((await post("/api/webhook/kapso", raw, sign(raw, "kapso-shared-webhook-secreT"))).status).toBe(401);
    expect(await storedBodies(channel.workspaceId, wamid)).toEqual([]);
  });

  it("answers the handshake with it as verify token, on both paths", async () => {
    const query = `hub.mode=subscribe&hub.verify_token=${SHARED_SECRET}&hub.challenge=77`;
    const answers = [
      await singular.GET(new Request(`http://localhost:3000/api/webhook/kapso?${query}`)),
      await byProvider.GET(new Request(`http://localhost:3000/api/webhooks/kapso?${query}`), {
        params: Promise.resolve({ provider: "kapso" }),
      }),
    ];
    for (const answer of answers) expect([answer.status, await answer.text()]).toEqual([200, "77"]);
    const wrong = await singular.GET(
      new Request("http://localhost:3000/api/webhook/kapso?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=77"),
    );
    expect(wrong.status).toBe(403);
  });
});
