import { useTranslations } from "next-intl";
import { TabNav } from "@/components/ui/tab-nav";

const TABS = [
  { href: "/settings/profile", key: "profile", adminOnly: false },
  { href: "/settings", key: "workspace", adminOnly: false, exact: true },
  { href: "/settings/members", key: "members", adminOnly: false },
  { href: "/settings/labels", key: "labels", adminOnly: false },
  { href: "/settings/teams", key: "teams", adminOnly: true },
  { href: "/settings/canned-responses", key: "cannedResponses", adminOnly: false },
  { href: "/settings/whatsapp", key: "whatsapp", adminOnly: true },
  { href: "/settings/ai", key: "ai", adminOnly: true },
  { href: "/settings/webhooks", key: "webhooks", adminOnly: true },
  { href: "/settings/api", key: "api", adminOnly: true },
  { href: "/settings/audit", key: "audit", adminOnly: true },
] as const;

/** The settings pages this member may open, named in the reader's language (also offered by the command palette). */
export function useSettingsTabs(isAdmin: boolean) {
  const t = useTranslations("settings.tabs");
  return TABS.filter((tab) => isAdmin || !tab.adminOnly).map((tab) => ({
    href: tab.href,
    exact: "exact" in tab && tab.exact,
    label: t(tab.key),
  }));
}

export function SettingsTabs({ isAdmin }: { isAdmin: boolean }) {
  const t = useTranslations("settings.tabs");
  return <TabNav label={t("label")} tabs={useSettingsTabs(isAdmin)} className="bg-white px-6" />;
}
