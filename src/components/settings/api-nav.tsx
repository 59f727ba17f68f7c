"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const LINKS = [
  { href: "/settings/api", label: "API keys" },
  { href: "/settings/api/webhooks", label: "Outbound webhooks" },
  { href: "/settings/api/reference", label: "API reference" },
];

/** The parts of Settings → API. */
export function ApiNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="API settings" className="flex flex-wrap gap-1.5">
      {LINKS.map((link) => {
        const active = link.href === "/settings/api" ? pathname === link.href : pathname.startsWith(link.href);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "rounded-full px-3 py-1 text-sm font-medium ring-1",
              active ? "bg-brand-600 text-white ring-brand-600" : "text-slate-600 ring-slate-200 hover:bg-slate-50",
            )}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
