import type { ReactNode } from "react";
import { cn } from "./cn";

export interface CardTableColumn {
  label: string;
  /** Responsive visibility or alignment, e.g. "hidden sm:table-cell text-right". */
  className?: string;
}

/**
 * A table filling a Card's width (rows run to its edges, the outer cells
 * keep the card's padding), scrolling sideways on narrow screens. The rows
 * are the caller's `<tr>`s.
 */
export function CardTable({ columns, children, className }: { columns: CardTableColumn[]; children: ReactNode; className?: string }) {
  return (
    <div className="-mx-5 overflow-x-auto">
      <table className={cn("min-w-full text-left text-sm", className)}>
        <thead className="text-xs font-medium tracking-wide text-slate-500 uppercase">
          <tr>
            {columns.map((column, index) => (
              <th
                key={column.label}
                scope="col"
                className={cn(index === 0 || index === columns.length - 1 ? "px-5" : "px-3", "py-2", column.className)}
              >
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
