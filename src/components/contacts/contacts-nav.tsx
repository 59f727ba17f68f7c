"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const TABS = [
  { href: "/contacts", label: "List" },
  { href: "/contacts/pipeline", label: "Pipeline" },
  { href: "/contacts/settings", label: "Stages & fields" },
];

/** List / Pipeline / Stages & fields: the three views of the CRM. */
export function ContactsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Contacts views" className="flex gap-1 border-b border-slate-200 bg-white px-4 sm:px-6">
      {TABS.map((tab) => {
        const active = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2.5 text-sm font-medium",
              active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
