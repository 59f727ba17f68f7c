import { TabNav } from "@/components/ui/tab-nav";

const TABS = [
  { href: "/settings/profile", label: "Profile", adminOnly: false },
  { href: "/settings", label: "Workspace", adminOnly: false, exact: true },
  { href: "/settings/members", label: "Members", adminOnly: false },
  { href: "/settings/labels", label: "Labels", adminOnly: false },
  { href: "/settings/teams", label: "Teams", adminOnly: true },
  { href: "/settings/canned-responses", label: "Canned responses", adminOnly: false },
  { href: "/settings/whatsapp", label: "WhatsApp numbers", adminOnly: true },
  { href: "/settings/ai", label: "AI assistant", adminOnly: true },
  { href: "/settings/webhooks", label: "Webhooks", adminOnly: true },
  { href: "/settings/api", label: "API", adminOnly: true },
  { href: "/settings/audit", label: "Audit log", adminOnly: true },
];

/** The settings pages this member may open (also offered by the command palette). */
export const settingsTabs = (isAdmin: boolean) => TABS.filter((tab) => isAdmin || !tab.adminOnly);

export function SettingsTabs({ isAdmin }: { isAdmin: boolean }) {
  return <TabNav label="Settings" tabs={settingsTabs(isAdmin)} className="bg-white px-6" />;
}
