import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The postgres driver and embedded tooling stay plain Node modules.
  serverExternalPackages: ["postgres", "bcryptjs"],
  poweredByHeader: false,
};

export default nextConfig;
