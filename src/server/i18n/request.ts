import { headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { negotiateLocale } from "@/lib/locales";
import { getSessionClaims } from "@/server/auth/current-user";
import { getWorkspaceContext } from "@/server/workspaces/context";
import { loadMessages } from "./messages";
import { getChosenLocale } from "./user-locale";

/**
 * Each request's language and time zone (next-intl reads this once per
 * request): the user's choice, their browser's, their workspace's default
 * (src/lib/locales.ts); dates in the workspace's time zone. Sign-in and
 * invitation pages have no user yet and follow the browser.
 */
export default getRequestConfig(async () => {
  const [claims, requestHeaders] = await Promise.all([getSessionClaims(), headers()]);
  const [chosen, context] = claims ? await Promise.all([getChosenLocale(claims.sub), getWorkspaceContext()]) : [null, null];
  const locale = negotiateLocale({
    chosen,
    acceptLanguage: requestHeaders.get("accept-language"),
    workspaceDefault: context?.workspace.default_locale,
  });
  return { locale, messages: await loadMessages(locale), timeZone: context?.workspace.time_zone ?? "UTC" };
});
