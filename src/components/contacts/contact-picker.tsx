"use client";

import { Search } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { searchContacts } from "@/app/actions/contacts";
import { Button } from "@/components/ui/button";
import { FormError, Input } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { formatPhone } from "@/lib/format";
import type { ContactListItem } from "@/server/contacts/queries";
import type { Result } from "@/server/errors";

/**
 * Finds another contact by name, phone or email and hands the chosen one to
 * `onPick` (link a conversation to it, merge it). After `onPick` succeeds the
 * results are cleared; its error shows here.
 */
export function ContactPicker(props: {
  excludeId: string;
  actionLabel: string;
  searchLabel: string;
  onPick: (contact: ContactListItem) => Promise<Result<unknown>>;
}) {
  const t = useTranslations("contacts.picker");
  const [search, setSearch] = useState("");
  const [results, setResults] = useState<ContactListItem[] | null>(null);
  // The caller updates what the pick changed; no page refresh.
  const { pending: busy, error, run, submit } = useAction({ refresh: false });
  const find = submit(
    () => searchContacts({ search }),
    (found) => setResults(found.filter((c) => c.id !== props.excludeId)),
  );
  const pick = (contact: ContactListItem) =>
    run(
      () => props.onPick(contact),
      () => {
        setResults(null);
        setSearch("");
      },
    );

  return (
    <div className="space-y-2">
      <form onSubmit={find} className="flex gap-2">
        <Input value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t("placeholder")} aria-label={props.searchLabel} />
        <Button type="submit" variant="secondary" pending={busy} aria-label={t("search")}>
          <Search className="size-4" aria-hidden />
        </Button>
      </form>
      <FormError message={error} />
      {results && (
        <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
          {results.length === 0 && <li className="px-3 py-2 text-sm text-slate-500">{t("none")}</li>}
          {results.map((c) => (
            <li key={c.id} className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
              <span className="min-w-0 truncate">
                {c.name ?? t("unnamed")} <span className="text-slate-500">{formatPhone(c.phone_e164)}</span>
              </span>
              <Button size="sm" variant="secondary" onClick={() => pick(c)} disabled={busy}>
                {props.actionLabel}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
