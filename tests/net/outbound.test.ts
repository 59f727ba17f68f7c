import { createServer, type IncomingHttpHeaders, type RequestListener } from "node:http";
import type { LookupFunction } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { assertPublicUrl, createSafeFetch, isOriginIn, isPublicAddress, refusalOf } from "@/server/net/outbound";
import { expectAppError } from "../support/app-error";

// Nothing is allowed here unless a test says so (the suite's setup allows loopback for its fakes).
process.env.OUTBOUND_ALLOW_HOSTS = "";

const PUBLIC_IP = "93.184.215.14";

/** A DNS server the test controls: each name answers from its list, the next answer on each lookup (rebinding). */
function scriptedLookup(answers: Record<string, string[][]>): LookupFunction {
  return (hostname, options, callback) => {
    const queue = answers[hostname];
    const next = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    if (!next) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), []);
    const addresses = next.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]?.address ?? "", addresses[0]?.family);
  };
}

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
}

const servers: { close: () => void }[] = [];

/** A server on loopback (an internal service, or a public one it stands in for) that records what reaches it. */
async function listen(handler: RequestListener = (_, response) => response.end("internal secret")) {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    seen.push({ url: request.url ?? "", headers: request.headers });
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({ close: () => server.close() });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return { port: address.port, origin: `http://127.0.0.1:${address.port}`, seen };
}

afterAll(() => {
  for (const server of servers) server.close();
});

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe("addresses", () => {
  it("only public unicast addresses are public, IPv6 forms carrying an IPv4 address judged by it", () => {
    for (const address of ["8.8.8.8", PUBLIC_IP, "2606:4700:4700::1111", "::ffff:808:808", "64:ff9b::808:808"]) {
      expect(isPublicAddress(address), address).toBe(true);
    }
    for (const address of [
      "127.0.0.1",
      "0.0.0.0",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.10",
      "169.254.169.254",
      "100.64.0.1",
      "224.0.0.1",
      "255.255.255.255",
      "240.0.0.1",
      "::",
      "::1",
      "::7f00:1",
      "::ffff:7f00:1",
      "::ffff:a9fe:a9fe",
      "64:ff9b::7f00:1",
      "64:ff9b::a9fe:a9fe",
      "fd00::1",
      "fe80::1",
      "ff02::1",
      "not an address",
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });
});

describe("saving a URL", () => {
  const lookup = scriptedLookup({
    "hooks.example.com": [[PUBLIC_IP]],
    "internal.example.com": [["10.0.0.5"]],
    "metadata.example.com": [["169.254.169.254"]],
    "mixed.example.com": [[PUBLIC_IP, "127.0.0.1"]],
    "v6.example.com": [["::ffff:127.0.0.1"]],
  });
  const check = (url: string, allowHosts: string[] = []) =>
    assertPublicUrl(url, { field: "url", label: "url", httpsOnly: true, allowHosts, lookup });

  it("accepts https to public addresses, and names that do not resolve yet (checked again when connecting)", async () => {
    expect(await check("https://hooks.example.com/conversa?x=1")).toBe("https://hooks.example.com/conversa?x=1");
    expect(await check("https://8.8.8.8/")).toBe("https://8.8.8.8/");
    expect(await check("https://not-yet.example.com/")).toBe("https://not-yet.example.com/");
  });

  it("refuses every spelling of a private address, and names that resolve to one", async () => {
    for (const url of [
      "https://127.0.0.1/",
      "https://2130706433/",
      "https://0x7f.1/",
      "https://017700000001/",
      "https://127.1/",
      "https://0.0.0.0/",
      "https://0/",
      "https://[::]/",
      "https://[::1]/",
      "https://[::7f00:1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://[0:0:0:0:0:ffff:7f00:1]/",
      "https://[64:ff9b::127.0.0.1]/",
      "https://[fd00::1]/",
      "https://10.1.2.3/",
      "https://192.168.1.10/",
      "https://169.254.169.254/latest/meta-data/",
      "https://localhost/",
      "https://localhost./",
      "https://LOCALHOST:3000/",
      "https://api.localhost/",
      "https://internal.example.com/",
      "https://internal.example.com./",
      "https://metadata.example.com/",
      "https://mixed.example.com/",
      "https://v6.example.com/",
    ]) {
      await expectAppError(check(url), "invalid", /^The URL must be a public address, not one of a private network/);
    }
    await expectAppError(check("https://internal.example.com/"), "invalid", /internal\.example\.com resolves to 10\.0\.0\.5/);
  });

  it("refuses other schemes, http for https-only URLs, credentials in the URL, and what is not a URL", async () => {
    // The refusal names the input it is about, so the form marks it.
    const refused = await expectAppError(check("ftp://hooks.example.com/"), "invalid", /^The URL must start with https:\/\//);
    expect(refused.fields).toEqual({ url: "The URL must start with https://" });
    await expectAppError(check("http://hooks.example.com/"), "invalid", /^The URL must start with https:\/\//);
    await expectAppError(check("https://user:pass@hooks.example.com/"), "invalid", /user name or password/);
    await expectAppError(check("not a url"), "invalid", /^The URL is not a valid web address/);
    expect(
      await assertPublicUrl("http://hooks.example.com/v1", {
        field: "baseUrl",
        label: "apiBaseUrl",
        httpsOnly: false,
        allowHosts: [],
        lookup,
      }),
    ).toBe("http://hooks.example.com/v1");
  });

  it("lets the allow-list's host:port through, http included, and nothing else on that host", async () => {
    expect(await check("http://localhost:11434/v1", ["localhost:11434"])).toBe("http://localhost:11434/v1");
    expect(await check("http://LOCALHOST.:11434/v1", ["localhost:11434"])).toBe("http://localhost.:11434/v1");
    expect(await check("http://[::1]:8080/", ["[::1]:8080"])).toBe("http://[::1]:8080/");
    expect(await check("http://127.0.0.1:4000/hooks", ["127.0.0.1:*"])).toBe("http://127.0.0.1:4000/hooks");
    await expectAppError(check("http://localhost:11435/v1", ["localhost:11434"]), "invalid", /https/);
    await expectAppError(check("https://localhost:11435/v1", ["localhost:11434"]), "invalid", /private network/);
    // The entry names the host as written: the same server under another name is not allowed.
    await expectAppError(check("https://127.0.0.1:11434/v1", ["localhost:11434"]), "invalid", /private network/);
  });
});

describe("connecting", () => {
  it("refuses a private address when connecting, whatever was checked before: the internal server sees nothing", async () => {
    const internal = await listen();
    const safeFetch = createSafeFetch({ allowHosts: [] });
    for (const url of [`${internal.origin}/`, `http://localhost:${internal.port}/`, `http://localhost.:${internal.port}/`]) {
      const error = await rejection(safeFetch(url, { headers: { authorization: "Bearer sk-workspace-key" } }));
      expect(refusalOf(error), url).not.toBeNull();
    }
    expect(internal.seen).toEqual([]);
  });

  it("a name that was public when saved and resolves to loopback when called (DNS rebinding) is refused", async () => {
    const internal = await listen();
    const lookup = scriptedLookup({ "rebind.example.com": [[PUBLIC_IP], ["127.0.0.1"]] });
    const url = `http://rebind.example.com:${internal.port}/v1`;
    expect(await assertPublicUrl(url, { field: "url", label: "url", httpsOnly: false, allowHosts: [], lookup })).toBe(url);
    const error = await rejection(createSafeFetch({ allowHosts: [], lookup })(url));
    expect(refusalOf(error)?.message).toBe("rebind.example.com resolves to 127.0.0.1, an address of a private network");
    expect(internal.seen).toEqual([]);
  });

  it("a public URL that redirects to a private address is refused at the redirect", async () => {
    const internal = await listen();
    for (const target of [
      `${internal.origin}/admin`,
      `http://localhost:${internal.port}/admin`,
      `http://[::ffff:7f00:1]:${internal.port}/`,
    ]) {
      // Stands in for a public server: allowed by its host:port, as a public address would be.
      const outside = await listen((_, response) => response.writeHead(307, { location: target }).end());
      const safeFetch = createSafeFetch({ allowHosts: [`127.0.0.1:${outside.port}`] });
      const error = await rejection(safeFetch(`${outside.origin}/v1`, { method: "POST", body: "{}" }));
      expect(refusalOf(error), target).not.toBeNull();
      expect(outside.seen).toHaveLength(1);
    }
    expect(internal.seen).toEqual([]);
  });

  it("an allowed host:port goes through (a model server on this machine)", async () => {
    const local = await listen();
    const response = await createSafeFetch({ allowHosts: [`127.0.0.1:${local.port}`] })(`${local.origin}/v1/models`);
    expect(await response.text()).toBe("internal secret");
    expect(local.seen).toHaveLength(1);
  });

  it("credentials go only to their origins: not to another host a URL names, nor along a redirect", async () => {
    const cdn = await listen((_, response) => response.end("media bytes"));
    const provider = await listen((_, response) => response.writeHead(302, { location: `${cdn.origin}/file.jpg` }).end());
    const safeFetch = createSafeFetch({ allowHosts: [`127.0.0.1:${cdn.port}`, `127.0.0.1:${provider.port}`] });
    const credentialsFor = { origins: [`${provider.origin}/meta/whatsapp/v24.0`], headers: { "x-api-key": "kapso-project-key" } };

    const followed = await safeFetch(`${provider.origin}/media/1`, { credentialsFor });
    expect(await followed.text()).toBe("media bytes");
    expect(provider.seen[0]?.headers["x-api-key"]).toBe("kapso-project-key");
    expect(cdn.seen[0]?.headers["x-api-key"]).toBeUndefined();

    await safeFetch(`${cdn.origin}/elsewhere.jpg`, { credentialsFor });
    expect(cdn.seen[1]?.headers["x-api-key"]).toBeUndefined();
    expect(isOriginIn(`${provider.origin}/media/1`, credentialsFor.origins)).toBe(true);
    expect(isOriginIn(`http://localhost:${provider.port}/media/1`, credentialsFor.origins)).toBe(false);
  });
});
