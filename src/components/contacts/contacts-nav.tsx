import { TabNav } from "@/components/ui/tab-nav";

const TABS = [
  { href: "/contacts", label: "List", exact: true },
  { href: "/contacts/pipeline", label: "Pipeline", exact: true },
  { href: "/contacts/settings", label: "Stages & fields", exact: true },
];

/** List / Pipeline / Stages & fields: the three views of the CRM. */
export function ContactsNav() {
  return <TabNav label="Contacts views" tabs={TABS} className="bg-white px-4 sm:px-6" />;
}
