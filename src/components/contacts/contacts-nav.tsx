import { useTranslations } from "next-intl";
import { TabNav } from "@/components/ui/tab-nav";

/** List / Pipeline / Stages & fields: the three views of the CRM. */
export function ContactsNav() {
  const t = useTranslations("contacts.nav");
  const tabs = [
    { href: "/contacts", label: t("list"), exact: true },
    { href: "/contacts/pipeline", label: t("pipeline"), exact: true },
    { href: "/contacts/settings", label: t("settings"), exact: true },
  ];
  return <TabNav label={t("label")} tabs={tabs} className="bg-white px-4 sm:px-6" />;
}
