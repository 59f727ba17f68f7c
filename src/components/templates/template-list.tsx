import Link from "next/link";
import { StatusBadge, type StatusOf } from "@/components/ui/status-badge";

export interface TemplateItem {
  id: string;
  name: string;
  language: string;
  category: string | null;
  status: string;
  quality: string | null;
  number: string | null;
  /** "3 hours ago"; null when never synced (created here and not listed yet). */
  synced: string | null;
}

const category = (value: string | null) => (value ? value.charAt(0) + value.slice(1).toLowerCase() : "–");

function Quality({ quality }: { quality: string | null }) {
  return quality ? (
    <StatusBadge kind="templateQuality" status={quality as StatusOf<"templateQuality">} />
  ) : (
    <span className="text-slate-500">–</span>
  );
}

/** The templates: a table from md up, one card each on a phone. Each opens its detail. */
export function TemplateList({ items }: { items: TemplateItem[] }) {
  return (
    <>
      <ul aria-label="Templates" className="space-y-2 md:hidden">
        {items.map((t) => (
          <li key={t.id}>
            <Link href={`/templates/${t.id}`} className="block rounded-lg bg-white p-3 ring-1 ring-slate-200 hover:ring-brand-300">
              <div className="flex items-start justify-between gap-2">
                <span className="break-all font-medium text-slate-900">{t.name}</span>
                <StatusBadge kind="template" status={t.status as StatusOf<"template">} />
              </div>
              <p className="mt-1 text-xs text-slate-500">
                {t.language} · {category(t.category)} · {t.number ?? "No number"}
              </p>
              <div className="mt-2 flex items-center justify-between text-xs text-slate-500">
                <Quality quality={t.quality} />
                <span>{t.synced ? `Synced ${t.synced}` : "Not synced yet"}</span>
              </div>
            </Link>
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200 md:block">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Templates</caption>
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Name
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Language
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Category
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Status
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Quality
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Number
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Last synced
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((t) => (
              <tr key={t.id} className="hover:bg-slate-50">
                <td className="px-4 py-2.5 font-medium">
                  <Link href={`/templates/${t.id}`} className="text-brand-700 hover:underline">
                    {t.name}
                  </Link>
                </td>
                <td className="px-4 py-2.5 text-slate-600">{t.language}</td>
                <td className="px-4 py-2.5 text-slate-600">{category(t.category)}</td>
                <td className="px-4 py-2.5">
                  <StatusBadge kind="template" status={t.status as StatusOf<"template">} />
                </td>
                <td className="px-4 py-2.5">
                  <Quality quality={t.quality} />
                </td>
                <td className="px-4 py-2.5 text-slate-600">{t.number ?? "–"}</td>
                <td className="px-4 py-2.5 text-slate-500">{t.synced ?? "Not yet"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
