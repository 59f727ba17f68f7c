import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Conversa", template: "%s · Conversa" },
  description: "WhatsApp Business inbox and CRM for teams",
};

export const viewport: Viewport = { themeColor: "#059669" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
