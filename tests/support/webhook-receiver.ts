import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

export interface ReceivedWebhook {
  headers: Record<string, string | undefined>;
  body: string;
  /** Whether the signature checked out with the secret the test gave (the verification docs/api.md shows). */
  signatureValid: boolean;
}

/** The verification a customer's receiver does, as docs/api.md shows it. */
export function verifySignature(secret: string, headers: Record<string, string | undefined>, body: string, toleranceSeconds = 300) {
  const timestamp = headers["conversa-webhook-timestamp"] ?? "";
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(`v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`);
  return (headers["conversa-webhook-signature"] ?? "").split(" ").some((signature) => {
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/**
 * A customer's endpoint on loopback: records every request and answers
 * from a script of statuses (the last one repeats), e.g. [500, 500, 200]:
 * fails twice, then succeeds. A status of 0 never answers (a timeout).
 * With `echo`, a failure answers with the request's body, as some error pages do.
 */
export async function startReceiver(options: { secret?: () => string; script?: number[]; echo?: boolean } = {}) {
  const received: ReceivedWebhook[] = [];
  let script = options.script ?? [200];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]));
      const secret = options.secret?.();
      received.push({ headers, body, signatureValid: secret ? verifySignature(secret, headers, body) : false });
      const status = script.length > 1 ? (script.shift() as number) : (script[0] ?? 200);
      if (status === 0) return;
      response.writeHead(status, { "content-type": "application/json" });
      response.end(options.echo && status >= 300 ? body : JSON.stringify({ received: status < 300, attempt: received.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("no address");
  return {
    url: `http://127.0.0.1:${address.port}/hooks`,
    received,
    setScript: (next: number[]) => {
      script = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
