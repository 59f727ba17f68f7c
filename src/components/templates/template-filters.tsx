"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Select } from "@/components/ui/field";

export interface FilterOption {
  value: string;
  label: string;
}

/** Number, status and category filters, kept in the URL (shareable, and the server reads them). */
export function TemplateFilters({ numbers, statuses }: { numbers: FilterOption[]; statuses: FilterOption[] }) {
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
    { name: "number", label: "Number", all: "All numbers", options: numbers },
    { name: "status", label: "Status", all: "Any status", options: statuses },
    {
      name: "category",
      label: "Category",
      all: "Any category",
      options: [
        { value: "MARKETING", label: "Marketing" },
        { value: "UTILITY", label: "Utility" },
        { value: "AUTHENTICATION", label: "Authentication" },
      ],
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
