import { afterEach, describe, expect, it, vi } from "vitest";

const saved = { ...process.env };

/** A fresh copy of src/server/env.ts reading the given variables (it caches what it parsed). */
async function loadEnv(vars: Record<string, string | undefined>) {
  vi.resetModules();
  process.env = { ...saved, ...vars };
  return (await import("@/server/env")).env;
}

afterEach(() => {
  process.env = { ...saved };
  vi.resetModules();
});

describe("OUTBOUND_ALLOW_HOSTS", () => {
  it("is empty by default: nothing on a private network may be called", async () => {
    expect((await loadEnv({ OUTBOUND_ALLOW_HOSTS: undefined }))().OUTBOUND_ALLOW_HOSTS).toEqual([]);
  });

  it("reads comma-separated host:port entries, lower case, IPv6 in brackets, * for any port", async () => {
    const env = await loadEnv({ OUTBOUND_ALLOW_HOSTS: " LOCALHOST:11434, [::1]:8080,,10.0.0.7:* " });
    expect(env().OUTBOUND_ALLOW_HOSTS).toEqual(["localhost:11434", "[::1]:8080", "10.0.0.7:*"]);
  });

  it("refuses an entry without a port, naming the variable", async () => {
    for (const value of ["localhost", "http://localhost:11434", "localhost:11434/v1"]) {
      const env = await loadEnv({ OUTBOUND_ALLOW_HOSTS: value });
      expect(() => env(), value).toThrow(/OUTBOUND_ALLOW_HOSTS\.0: entries must be host:port, like localhost:11434/);
    }
  });

  it("tells a deployment that still sets OUTBOUND_WEBHOOKS_ALLOW_LOCAL what replaced it", async () => {
    const env = await loadEnv({ OUTBOUND_WEBHOOKS_ALLOW_LOCAL: "true" });
    expect(() => env()).toThrow(/OUTBOUND_WEBHOOKS_ALLOW_LOCAL: was replaced by OUTBOUND_ALLOW_HOSTS/);
  });
});
