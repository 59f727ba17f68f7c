import { randomInt } from "node:crypto";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "./support";

/**
 * The per-address sign-in limit against the production server (`next start`),
 * keyed on the socket address the peer-address hook records (TRUSTED_PROXIES
 * is unset here). A browser cannot choose its source address, so the two
 * clients are Node HTTP clients bound to their own loopback addresses (all of
 * 127/8 is local on Linux), submitting the login form as a browser without
 * JavaScript does: GET /login, then POST its fields (React's hidden
 * Server Action fields included). Random addresses per run, so counts from
 * an earlier run against the same database (within the hour) do not mix in.
 */

const loopback = () => `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

function send(url: string, from: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer }) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? "GET", localAddress: from, headers: options.headers }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        text += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

const decodeEntities = (value: string) =>
  value.replaceAll("&quot;", '"').replaceAll("&#x27;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");

/** The login form's hidden fields, as a browser would submit them. */
function hiddenFields(html: string): [string, string][] {
  const fields: [string, string][] = [];
  for (const [input] of html.matchAll(/<input\b[^>]*>/g)) {
    if (!/\btype="hidden"/.test(input)) continue;
    const name = /\bname="([^"]*)"/.exec(input)?.[1];
    if (name) fields.push([decodeEntities(name), decodeEntities(/\bvalue="([^"]*)"/.exec(input)?.[1] ?? "")]);
  }
  return fields;
}

type Outcome = "signed in" | "wrong password" | "rate limited";

async function signInFrom(baseURL: string, from: string, email: string, password: string, forwardedFor: string): Promise<Outcome> {
  const headers = { "x-forwarded-for": forwardedFor, "x-conversa-peer": forwardedFor };
  const page = await send(`${baseURL}/login`, from, { headers });
  const form = new FormData();
  for (const [name, value] of hiddenFields(page.text)) form.append(name, value);
  form.set("email", email);
  form.set("password", password);
  const encoded = new Request(baseURL, { method: "POST", body: form });
  const answer = await send(`${baseURL}/login`, from, {
    method: "POST",
    headers: { ...headers, origin: baseURL, "content-type": encoded.headers.get("content-type") ?? "" },
    body: Buffer.from(await encoded.arrayBuffer()),
  });
  if (answer.status === 303) return "signed in";
  // The form's alert, not the whole page: the page also carries the catalogue, which holds both sentences.
  const alert = decodeEntities(answer.text.match(/<div role="alert"[^>]*><p>([^<]*)<\/p>/)?.[1] ?? "");
  if (alert.includes("Too many failed sign-in attempts")) return "rate limited";
  expect(alert).toContain("Wrong email or password.");
  return "wrong password";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("rotating X-Forwarded-For does not escape the per-address limit, and the attacker's address holds no one else", async ({
  baseURL,
}) => {
  test.setTimeout(120_000);
  const url = baseURL ?? "";
  const attacker = loopback();
  let bystander = loopback();
  while (bystander === attacker) bystander = loopback();
  let n = 0;
  // Each attempt forges a new X-Forwarded-For (and x-conversa-peer), on an account of its own.
  const guess = () => signInFrom(url, attacker, `nobody-${Date.now()}-${n}@example.test`, "guess", `198.51.100.${n++ % 250}`);

  // 20 free failures per address, then delays of 1 s, 2 s, 4 s … counted from the last failure: wait them out to 23 failures.
  for (let i = 0; i < 20; i++) expect(await guess()).toBe("wrong password");
  for (const delay of [1000, 2000, 4000]) {
    await sleep(delay + 300);
    expect(await guess()).toBe("wrong password");
  }
  // The next 8 seconds: refused from the attacker's socket, whatever its headers say, even with a right password.
  expect(await signInFrom(url, attacker, "admin@conversa.local", DEMO_PASSWORD, "192.0.2.200")).toBe("rate limited");
  // Meanwhile a user from another address is not held by the attacker's bucket.
  expect(await signInFrom(url, bystander, "admin@conversa.local", DEMO_PASSWORD, attacker)).toBe("signed in");
});
