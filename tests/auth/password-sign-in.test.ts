import { describe, expect, it } from "vitest";
import { clientAddress, parseTrustedProxies, UNIDENTIFIED_CLIENT } from "@/server/auth/client-address";
import { signInDelayMs, signInWithPassword } from "@/server/auth/password-sign-in";
import { asService } from "@/server/db/client";
import { createUser, unique } from "../support/fixtures";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** A moment of its own, days away from any other test's, so per-address counts (24 h window) do not mix. */
let day = 0;
const isolatedNow = () => new Date(Date.UTC(2100, 0, 1) + (day++ + Math.floor(Math.random() * 1e5)) * 2 * 24 * 60 * MINUTE);
const later = (t: Date, ms: number) => new Date(t.getTime() + ms);

describe("password sign-in (local auth mode)", () => {
  it("accepts the right password, in any letter case of the email", async () => {
    const user = await createUser({ password: "s3cret-pass" });
    const result = await signInWithPassword({ email: user.email.toUpperCase(), password: "s3cret-pass", ip: "10.0.0.1" });
    expect(result).toEqual({ id: user.id, email: user.email });
    const [row] = await asService((tx) => tx`select last_sign_in_at from auth.users where id = ${user.id}`);
    expect(row?.last_sign_in_at).toBeInstanceOf(Date);
  });

  it("refuses a wrong password and an unknown email the same way", async () => {
    const user = await createUser({ password: "s3cret-pass" });
    expect(await signInWithPassword({ email: user.email, password: "wrong", ip: "10.0.0.2" })).toBeNull();
    expect(await signInWithPassword({ email: `${unique("nobody")}@test.local`, password: "x", ip: "10.0.0.2" })).toBeNull();
  });
});

describe("the account limit is progressive: the attacker stays throttled, the owner gets in after the delay", () => {
  it("delays grow with failures: none for five, then 1 s, 2 s, 4 s … up to 15 minutes", () => {
    expect([0, 4, 5, 6, 7, 14, 15, 40].map((n) => signInDelayMs(n, 5))).toEqual([0, 0, 1000, 2000, 4000, 512_000, 900_000, 900_000]);
  });

  it("five wrong passwords from anywhere delay the account; the owner's right password passes once the delay is over", async () => {
    const user = await createUser({ password: "s3cret-pass" });
    const t0 = isolatedNow();
    for (let i = 0; i < 5; i++) {
      expect(await signInWithPassword({ email: user.email, password: `guess-${i}`, ip: `10.1.0.${i}` }, t0)).toBeNull();
    }
    // Within the delay even the right password is refused, from any address: no answer to learn from.
    await expect(signInWithPassword({ email: user.email, password: "s3cret-pass", ip: "10.1.1.1" }, later(t0, 999))).rejects.toMatchObject({
      code: "rate_limited",
      message: "Too many failed sign-in attempts. Try again in 1 second.",
    });
    expect(await signInWithPassword({ email: user.email, password: "s3cret-pass", ip: "10.1.1.1" }, later(t0, SECOND))).toMatchObject({
      id: user.id,
    });
    // Success clears the account's failures: the next typo costs nothing.
    expect(await signInWithPassword({ email: user.email, password: "typo", ip: "10.1.1.1" }, later(t0, 2 * SECOND))).toBeNull();
    expect(await signInWithPassword({ email: user.email, password: "s3cret-pass", ip: "10.1.1.1" }, later(t0, 2 * SECOND))).not.toBeNull();
  });

  it("an attacker guessing as fast as allowed is held to one guess per growing delay; the owner still gets in", async () => {
    const user = await createUser({ password: "s3cret-pass" });
    let t = isolatedNow();
    const guess = (at: Date, password = `guess-${at.getTime()}`) =>
      signInWithPassword({ email: user.email, password, ip: `203.0.113.${at.getTime() % 250}` }, at);
    for (let i = 0; i < 5; i++) expect(await guess(t)).toBeNull();
    const waits: number[] = [];
    for (let failures = 5; failures < 18; failures++) {
      const delay = signInDelayMs(failures, 5);
      await expect(guess(later(t, delay - 1))).rejects.toMatchObject({ code: "rate_limited" });
      t = later(t, delay);
      expect(await guess(t)).toBeNull();
      waits.push(delay);
    }
    expect(waits.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
    expect(waits.at(-1)).toBe(15 * MINUTE);
    // Eighteen guesses in about an hour; each further guess waits 15 minutes. The owner, once the wait is over:
    await expect(guess(later(t, 15 * MINUTE - 1), "s3cret-pass")).rejects.toMatchObject({ message: /15 minutes/ });
    expect(await guess(later(t, 15 * MINUTE), "s3cret-pass")).toMatchObject({ id: user.id });
  });
});

// Each test's attacker has an address no other test uses: counts have no upper time bound.
describe("the per-address limit keys on the socket peer, and believes X-Forwarded-For only from trusted proxies", () => {
  /** Twenty wrong passwords on twenty accounts from one socket peer, each request with its own made-up X-Forwarded-For. */
  async function spray(trusted: string, peer: string, forwardedFor: (i: number) => string, now: Date) {
    for (let i = 0; i < 20; i++) {
      const ip = clientAddress(peer, forwardedFor(i), parseTrustedProxies(trusted));
      expect(await signInWithPassword({ email: `${unique("spray")}@test.local`, password: "x", ip }, now)).toBeNull();
    }
  }

  it("without TRUSTED_PROXIES, rotating the header does not escape the limit, and other addresses are not affected", async () => {
    const now = isolatedNow();
    await spray("", "198.18.1.66", (i) => `198.51.100.${i}`, now);
    const none = parseTrustedProxies("");
    const victim = await createUser({ password: "s3cret-pass" });
    await expect(
      signInWithPassword({ email: victim.email, password: "s3cret-pass", ip: clientAddress("198.18.1.66", "192.0.2.77", none) }, now),
    ).rejects.toMatchObject({ code: "rate_limited" });
    // The attacker's failures hold only the attacker's address: everyone else signs in (no shared bucket).
    const ip = clientAddress("192.0.2.77", null, none);
    expect(ip).toBe("192.0.2.77");
    expect(await signInWithPassword({ email: victim.email, password: "s3cret-pass", ip }, now)).toMatchObject({ id: victim.id });
  });

  it("behind a trusted proxy range, the client is the first address from the right outside it, whatever the client prepends", async () => {
    const now = isolatedNow();
    // The proxy (10.0.0.2) appends the address it received the request from: the attacker's, 198.18.2.66.
    await spray("10.0.0.0/8, fd00::/8", "10.0.0.2", (i) => `198.51.100.${i}, 198.18.2.66`, now);
    const attacker = await createUser({ password: "s3cret-pass" });
    const ranges = parseTrustedProxies("10.0.0.0/8, fd00::/8");
    expect(clientAddress("10.0.0.2", "1.2.3.4, 198.18.2.66", ranges)).toBe("198.18.2.66");
    await expect(
      signInWithPassword({ email: attacker.email, password: "s3cret-pass", ip: clientAddress("10.0.0.2", "198.18.2.66", ranges) }, now),
    ).rejects.toMatchObject({ code: "rate_limited" });
    // Someone else behind the same proxy is not affected.
    const neighbour = await createUser({ password: "s3cret-pass" });
    const ip = clientAddress("10.0.0.2", "198.51.100.200", ranges);
    expect(await signInWithPassword({ email: neighbour.email, password: "s3cret-pass", ip }, now)).toMatchObject({ id: neighbour.id });
  });

  it("reads addresses as trusted proxies wrote them", () => {
    const none = parseTrustedProxies("");
    const oneHop = parseTrustedProxies("1");
    const twoHops = parseTrustedProxies("2");
    const ranges = parseTrustedProxies("10.0.0.0/8, 2001:db8::/32, 192.168.1.7");
    // Not behind a trusted proxy: the peer, whatever the header says.
    expect(clientAddress("203.0.113.9", "198.51.100.1", none)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:203.0.113.9", null, none)).toBe("203.0.113.9");
    expect(clientAddress("198.51.100.5", "203.0.113.9", ranges)).toBe("198.51.100.5");
    // No peer known (no hook): the shared bucket, whatever the header says.
    expect(clientAddress(null, "203.0.113.9", oneHop)).toBe(UNIDENTIFIED_CLIENT);
    // Hop counts: the peer is the last proxy.
    expect(clientAddress("10.9.9.9", "forged, 203.0.113.9", oneHop)).toBe("203.0.113.9");
    expect(clientAddress("10.9.9.9", "1.1.1.1, 203.0.113.9, 198.51.100.1", twoHops)).toBe("203.0.113.9");
    expect(clientAddress("10.9.9.9", null, oneHop)).toBe("10.9.9.9");
    // A chain shorter than the proxies: its leftmost address.
    expect(clientAddress("10.9.9.9", "203.0.113.9", twoHops)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.5", "2001:DB8::1, 2a00:1450::5, [2001:db8::2]:443, 192.168.1.7", ranges)).toBe("2a00:1450::5");
    expect(clientAddress("10.0.0.5", "203.0.113.9:51000, 10.0.0.2", ranges)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.5", "10.0.0.1, 10.0.0.2", ranges)).toBe("10.0.0.1");
    // Garbage where a trusted proxy would have written an address: not believed; the last trusted address stands.
    expect(clientAddress("10.0.0.5", "203.0.113.9, not-an-ip, 10.0.0.2", ranges)).toBe("10.0.0.2");
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/TRUSTED_PROXIES/);
    expect(() => parseTrustedProxies("proxy.internal")).toThrow(/TRUSTED_PROXIES/);
  });
});
