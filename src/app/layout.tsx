import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { NextIntlClientProvider } from "next-intl";
import { getLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { ZodInBrowser } from "@/components/ui/zod-in-browser";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Conversa", template: "%s · Conversa" },
  description: "WhatsApp Business inbox and CRM for teams",
};

export const viewport: Viewport = { themeColor: "#059669" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: the CSP nonce (src/proxy.ts) is new each time and a prerendered page's scripts would lack it.
  await connection();
  return (
    <html lang={await getLocale()}>
      <body>
        <ZodInBrowser />
        <NextIntlClientProvider>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
