import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The postgres driver and embedded tooling stay plain Node modules.
  serverExternalPackages: ["postgres", "bcryptjs", "pino", "pino-pretty"],
  poweredByHeader: false,
  experimental: {
    // Attachments travel through a Server Action; WhatsApp's largest (documents) is 100 MB.
    serverActions: { bodySizeLimit: "101mb" },
    // The proxy buffers bodies up to this size; a truncated upload would be a corrupt file.
    proxyClientMaxBodySize: "101mb",
  },
};

export default nextConfig;
