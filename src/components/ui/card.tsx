import type { ReactNode } from "react";

export function Card({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  const headingId = `card-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <section aria-labelledby={headingId} className="rounded-xl bg-white shadow-xs ring-1 ring-slate-200">
      <header className="border-b border-slate-100 px-5 py-4">
        <h2 id={headingId} className="text-sm font-semibold text-slate-900">
          {title}
        </h2>
        {description && <p className="mt-0.5 text-sm text-slate-500">{description}</p>}
      </header>
      <div className="p-5">{children}</div>
    </section>
  );
}
