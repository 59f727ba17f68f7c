"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "./cn";

export interface Tab {
  href: string;
  label: string;
  /** Active on this path only; otherwise on every path below it too. */
  exact?: boolean;
}

/** A row of underlined tabs that link to the parts of a page; the current one is marked for screen readers too. */
export function TabNav({ label, tabs, className }: { label: string; tabs: Tab[]; className?: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className={cn("border-b border-slate-200", className)}>
      {/* One row that scrolls sideways on a phone rather than labels broken over two lines. */}
      <ul className="-mb-px flex gap-4 overflow-x-auto [scrollbar-width:none]">
        {tabs.map((tab) => {
          const active = tab.exact ? pathname === tab.href : pathname.startsWith(tab.href);
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "block whitespace-nowrap border-b-2 px-1 py-2.5 text-sm font-medium",
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
