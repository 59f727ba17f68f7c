/**
 * The security headers of every page, built in one place from the request's
 * nonce and the deployment's configuration (pure, so a unit test pins them
 * and proxy.ts only wires them in). No `server-only` marker: next.config.ts
 * and the proxy import nothing that reaches the browser.
 */
export interface SecurityHeaderOptions {
  /** Fresh per request; Next.js puts it on its own inline and chunk scripts. */
  nonce: string;
  /** APP_URL: HSTS and upgrade-insecure-requests only when it is https. */
  appUrl: string;
  /** NEXT_PUBLIC_SUPABASE_URL in Supabase mode: Realtime (wss) and signed Storage URLs for media. */
  supabaseUrl?: string;
  /** The dev server's React Refresh evaluates code; production never does. */
  development: boolean;
}

export function contentSecurityPolicy({ nonce, appUrl, supabaseUrl, development }: SecurityHeaderOptions): string {
  const supabase = supabaseUrl ? new URL(supabaseUrl) : null;
  const supabaseOrigin = supabase ? [supabase.origin] : [];
  const supabaseSocket = supabase ? [`${supabase.protocol === "https:" ? "wss:" : "ws:"}//${supabase.host}`] : [];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // As Next.js documents for the App Router: the nonce admits its scripts, 'strict-dynamic' the chunks they load.
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    // React renders style attributes (recharts, progress bars); a nonce cannot cover attributes, and with one present
    // browsers would ignore 'unsafe-inline'. Styles cannot run script, so this is the accepted trade.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "blob:", "data:", ...supabaseOrigin],
    "media-src": ["'self'", "blob:", ...supabaseOrigin],
    "font-src": ["'self'"],
    // Live updates: Server-Sent Events from our own origin, or Supabase Realtime.
    "connect-src": ["'self'", ...supabaseOrigin, ...supabaseSocket],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    ...(new URL(appUrl).protocol === "https:" ? { "upgrade-insecure-requests": [] } : {}),
  };
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(" "))
    .join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(options),
    "x-content-type-options": "nosniff",
    // Links customers send open without telling their site which conversation they came from.
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    "x-frame-options": "DENY",
    // Without includeSubDomains: a self-hoster's sibling hosts are not ours to pin.
    ...(new URL(options.appUrl).protocol === "https:" ? { "strict-transport-security": "max-age=31536000" } : {}),
  };
}

/** A fresh nonce: 16 random bytes, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
