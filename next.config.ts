import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The postgres driver, embedded tooling and undici (src/server/net/outbound.ts) stay plain Node modules.
  serverExternalPackages: ["postgres", "bcryptjs", "pino", "pino-pretty", "undici"],
  poweredByHeader: false,
  experimental: {
    // Attachments travel through a Server Action; WhatsApp's largest (documents) is 100 MB.
    serverActions: { bodySizeLimit: "101mb" },
    // The proxy buffers bodies up to this size; a truncated upload would be a corrupt file.
    proxyClientMaxBodySize: "101mb",
  },
};

export default nextConfig;
