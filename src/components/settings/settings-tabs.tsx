"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const TABS = [
  { href: "/settings", label: "Workspace", adminOnly: false },
  { href: "/settings/members", label: "Members", adminOnly: false },
  { href: "/settings/whatsapp", label: "WhatsApp numbers", adminOnly: true },
  { href: "/settings/ai", label: "AI assistant", adminOnly: true },
  { href: "/settings/webhooks", label: "Webhooks", adminOnly: true },
  { href: "/settings/api", label: "API", adminOnly: true },
  { href: "/settings/audit", label: "Audit log", adminOnly: true },
];

export function SettingsTabs({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="border-b border-slate-200 bg-white px-6">
      <ul className="-mb-px flex gap-4">
        {TABS.filter((tab) => isAdmin || !tab.adminOnly).map((tab) => {
          const active = tab.href === "/settings" ? pathname === tab.href : pathname.startsWith(tab.href);
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "block border-b-2 px-1 py-2.5 text-sm font-medium",
                  active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800",
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
