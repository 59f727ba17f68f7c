import { NextRequest } from "next/server";
import type { CookieJar } from "@/server/auth/provider";

/**
 * A browser's cookies across requests: what `cookies()` gives a Server
 * Action (set with options, where max-age 0 removes), and the Cookie header
 * the next request carries.
 */
export function cookieJar() {
  const values = new Map<string, string>();
  const jar = {
    get: (name: string) => (values.has(name) ? { value: values.get(name) ?? "" } : undefined),
    getAll: () => [...values].map(([name, value]) => ({ name, value })),
    set(name: string, value: string, options?: { maxAge?: number }) {
      if (options?.maxAge === 0 || value === "") values.delete(name);
      else values.set(name, value);
    },
    delete: (name: string) => values.delete(name),
    /** A request to the app carrying these cookies, as the proxy receives it. */
    request: (path: string) =>
      new NextRequest(new URL(path, "http://localhost:3000"), {
        headers: { cookie: [...values].map(([name, value]) => `${name}=${value}`).join("; ") },
      }),
    /** Keeps what a response's Set-Cookie headers say, as a browser does. */
    absorb(response: Response) {
      for (const cookie of response.headers.getSetCookie()) {
        const [pair = "", ...attributes] = cookie.split(";");
        const [name = "", ...rest] = pair.split("=");
        const expired = attributes.some((a) => /^\s*max-age=0$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
        jar.set(name.trim(), expired ? "" : rest.join("="));
      }
    },
  } satisfies CookieJar & Record<string, unknown>;
  return jar;
}

export type TestCookieJar = ReturnType<typeof cookieJar>;
