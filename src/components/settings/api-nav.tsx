import { TabNav } from "@/components/ui/tab-nav";

const TABS = [
  { href: "/settings/api", label: "API keys", exact: true },
  { href: "/settings/api/webhooks", label: "Outbound webhooks" },
  { href: "/settings/api/reference", label: "API reference" },
];

/** The parts of Settings → API. */
export function ApiNav() {
  return <TabNav label="API settings" tabs={TABS} />;
}
