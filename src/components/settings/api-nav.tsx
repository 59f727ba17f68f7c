import { useTranslations } from "next-intl";
import { TabNav } from "@/components/ui/tab-nav";

/** The parts of Settings → API. */
export function ApiNav() {
  const t = useTranslations("developers.nav");
  return (
    <TabNav
      label={t("label")}
      tabs={[
        { href: "/settings/api", label: t("keys"), exact: true },
        { href: "/settings/api/webhooks", label: t("webhooks") },
        { href: "/settings/api/reference", label: t("reference") },
      ]}
    />
  );
}
