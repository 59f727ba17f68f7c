import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

// Each request's language and time zone: src/server/i18n/request.ts.
const withNextIntl = createNextIntlPlugin("./src/server/i18n/request.ts");

const nextConfig: NextConfig = {
  // The postgres driver, embedded tooling and undici (src/server/net/outbound.ts) stay plain Node modules.
  serverExternalPackages: ["postgres", "bcryptjs", "pino", "pino-pretty", "undici"],
  poweredByHeader: false,
  experimental: {
    // Set deliberately high: attachments travel through a Server Action (WhatsApp's largest, documents, is 100 MB)
    // and Next.js has one limit for all actions, not one per action. Only members with a session get it: src/proxy.ts
    // refuses anonymous bodies over 1 MB (sign-in, password reset, invitations) before they are read.
    serverActions: { bodySizeLimit: "101mb" },
    // The proxy buffers bodies up to this size; a truncated upload would be a corrupt file. /api/v1 and webhooks
    // bypass the proxy and cap their own bodies.
    proxyClientMaxBodySize: "101mb",
  },
  // Pages get the full set from src/proxy.ts (with the CSP nonce); this covers what the proxy does not see
  // (/api/v1, webhooks, static assets).
  headers: async () => [{ source: "/:path*", headers: [{ key: "X-Content-Type-Options", value: "nosniff" }] }],
};

export default withNextIntl(nextConfig);
