import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { getLocale, getTimeZone } from "next-intl/server";
import type { ReactNode } from "react";
import { ClientIntl } from "@/components/i18n/client-intl";
import { ZodInBrowser } from "@/components/ui/zod-in-browser";
import { getSessionClaims } from "@/server/auth/current-user";
import { CATALOGUE_AREAS } from "@/server/i18n/messages";
import { getChosenTheme } from "@/server/profile/user-theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Conversa", template: "%s · Conversa" },
  description: "WhatsApp Business inbox and CRM for teams",
};

export const viewport: Viewport = { themeColor: "#059669" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: the CSP nonce (src/proxy.ts) is new each time and a prerendered page's scripts would lack it.
  await connection();
  const claims = await getSessionClaims();
  // The user's theme, rendered by the server so the first paint has it; none: the CSS follows the system (globals.css).
  const theme = claims ? await getChosenTheme(claims.sub) : null;
  const locale = await getLocale();
  return (
    <html lang={locale} data-theme={theme ?? undefined}>
      <body>
        <ZodInBrowser />
        <ClientIntl locale={locale} timeZone={await getTimeZone()} areas={CATALOGUE_AREAS}>
          {children}
        </ClientIntl>
      </body>
    </html>
  );
}
