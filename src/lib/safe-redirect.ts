/**
 * The one gate for every redirect target a user can choose (`?next=` on
 * sign-in, email links, invitations): a path on the app's own origin, or
 * `fallback`. The target is parsed with the WHATWG URL parser, the one the
 * browser will use, so tricks that a prefix check misses (`/\evil.example`,
 * a tab in `/\t/evil.example`, `/.//evil.example`) resolve off-origin and are
 * refused. What comes back is the normalised path, never the raw input.
 */
export function sameOriginPath(target: unknown, appOrigin: string, fallback = "/inbox"): string {
  if (typeof target !== "string" || !target.startsWith("/")) return fallback;
  const origin = new URL(appOrigin).origin;
  const resolved = new URL(target, origin);
  if (resolved.origin !== origin) return fallback;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // A normalised path may itself begin with "//" (from "/.//host"), which a browser reads as another host.
  return new URL(path, origin).origin === origin ? path : fallback;
}
