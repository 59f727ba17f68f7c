import Link from "next/link";
import { useTranslations } from "next-intl";
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

function Quality({ quality }: { quality: string | null }) {
  return quality ? (
    <StatusBadge kind="templateQuality" status={quality as StatusOf<"templateQuality">} />
  ) : (
    <span className="text-slate-500">–</span>
  );
}

/** The templates: a table from md up, one card each on a phone. Each opens its detail. */
export function TemplateList({ items }: { items: TemplateItem[] }) {
  const t = useTranslations("templates");
  // A category Meta adds later reads as itself.
  const category = (value: string | null) =>
    value ? (t.has(`categories.${value}` as never) ? t(`categories.${value}` as never) : value) : "–";
  const columns = ["name", "language", "category", "status", "quality", "number", "lastSynced"] as const;
  return (
    <>
      <ul aria-label={t("list.caption")} className="space-y-2 md:hidden">
        {items.map((item) => (
          <li key={item.id}>
            <Link href={`/templates/${item.id}`} className="block rounded-lg bg-white p-3 ring-1 ring-slate-200 hover:ring-brand-300">
              <div className="flex items-start justify-between gap-2">
                <span className="break-all font-medium text-slate-900">{item.name}</span>
                <StatusBadge kind="template" status={item.status as StatusOf<"template">} />
              </div>
              <p className="mt-1 text-xs text-slate-500">
                {item.language} · {category(item.category)} · {item.number ?? t("list.noNumber")}
              </p>
              <div className="mt-2 flex items-center justify-between text-xs text-slate-500">
                <Quality quality={item.quality} />
                <span>{item.synced ? t("list.synced", { when: item.synced }) : t("list.notSyncedYet")}</span>
              </div>
            </Link>
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200 md:block">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t("list.caption")}</caption>
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col" className="px-4 py-2.5 font-medium">
                  {t(`list.${column}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((item) => (
              <tr key={item.id} className="hover:bg-slate-50">
                <td className="px-4 py-2.5 font-medium">
                  <Link href={`/templates/${item.id}`} className="text-brand-700 hover:underline">
                    {item.name}
                  </Link>
                </td>
                <td className="px-4 py-2.5 text-slate-600">{item.language}</td>
                <td className="px-4 py-2.5 text-slate-600">{category(item.category)}</td>
                <td className="px-4 py-2.5">
                  <StatusBadge kind="template" status={item.status as StatusOf<"template">} />
                </td>
                <td className="px-4 py-2.5">
                  <Quality quality={item.quality} />
                </td>
                <td className="px-4 py-2.5 text-slate-600">{item.number ?? "–"}</td>
                <td className="px-4 py-2.5 text-slate-500">{item.synced ?? t("list.notYet")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
