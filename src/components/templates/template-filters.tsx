"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { Select } from "@/components/ui/field";
import { TEMPLATE_CATEGORIES } from "@/lib/templates";

export interface FilterOption {
  value: string;
  label: string;
}

/** Number, status and category filters, kept in the URL (shareable, and the server reads them). */
export function TemplateFilters({ numbers, statuses }: { numbers: FilterOption[]; statuses: FilterOption[] }) {
  const t = useTranslations("templates");
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    router.replace(next.size ? `${pathname}?${next}` : pathname);
  };
  const filters = [
    { name: "number", label: t("filters.number"), all: t("filters.allNumbers"), options: numbers },
    { name: "status", label: t("filters.status"), all: t("filters.anyStatus"), options: statuses },
    {
      name: "category",
      label: t("filters.category"),
      all: t("filters.anyCategory"),
      options: TEMPLATE_CATEGORIES.map((value) => ({ value, label: t(`categories.${value}`) })),
    },
  ];
  return (
    <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
      {filters.map((filter) => (
        <div key={filter.name}>
          <label htmlFor={`filter-${filter.name}`} className="text-xs font-medium text-slate-600">
            {filter.label}
          </label>
          <Select
            id={`filter-${filter.name}`}
            className="mt-1"
            value={params.get(filter.name) ?? ""}
            onChange={(event) => set(filter.name, event.target.value)}
          >
            <option value="">{filter.all}</option>
            {filter.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </Select>
        </div>
      ))}
    </div>
  );
}
