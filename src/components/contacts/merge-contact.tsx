"use client";

import { GitMerge, Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { mergeContacts, searchContacts } from "@/app/actions/contacts";
import { Button } from "@/components/ui/button";
import { FormError, Input } from "@/components/ui/field";
import { formatPhone } from "@/lib/format";
import type { ContactListItem } from "@/server/contacts/queries";

/** Admins fold a duplicate into this contact: its conversations, messages and history come along. */
export function MergeContact({ contactId, contactName }: { contactId: string; contactName: string }) {
  const router = useRouter();
  const [search, setSearch] = useState("");
  const [results, setResults] = useState<ContactListItem[] | null>(null);
  const [chosen, setChosen] = useState<ContactListItem | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function find(event: FormEvent) {
    event.preventDefault();
    setChosen(null);
    startTransition(async () => {
      const result = await searchContacts({ search });
      if (!result.ok) return setError(result.error.message);
      setError(null);
      setResults(result.data.filter((c) => c.id !== contactId));
    });
  }

  function merge(source: ContactListItem) {
    startTransition(async () => {
      const result = await mergeContacts({ targetId: contactId, sourceId: source.id });
      if (!result.ok) return setError(result.error.message);
      setChosen(null);
      setResults(null);
      setSearch("");
      router.refresh();
    });
  }

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-500">
        Found the same person twice? Merge the other contact into this one. Its conversations, messages, notes and history move here.
      </p>
      <form onSubmit={find} className="flex gap-2">
        <Input
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="Name, phone or email"
          aria-label="Find the contact to merge"
        />
        <Button type="submit" variant="secondary" pending={pending && !chosen} aria-label="Search">
          <Search className="size-4" aria-hidden />
        </Button>
      </form>
      <FormError message={error} />
      {results && (
        <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
          {results.length === 0 && <li className="px-3 py-2 text-sm text-slate-500">No other contact matches.</li>}
          {results.map((c) => (
            <li key={c.id} className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
              <span className="min-w-0 truncate">
                {c.name ?? "Unnamed"} <span className="text-slate-500">{formatPhone(c.phone_e164)}</span>
              </span>
              <Button size="sm" variant="secondary" onClick={() => setChosen(c)}>
                Merge…
              </Button>
            </li>
          ))}
        </ul>
      )}
      {chosen && (
        <div
          role="alertdialog"
          aria-labelledby="merge-confirm"
          className="space-y-2 rounded-md bg-amber-50 p-3 text-sm ring-1 ring-amber-200"
        >
          <p id="merge-confirm" className="text-amber-900">
            Merge <strong>{chosen.name ?? formatPhone(chosen.phone_e164)}</strong> into <strong>{contactName}</strong>? The other contact is
            removed; this cannot be undone.
          </p>
          <div className="flex justify-end gap-2">
            <Button size="sm" variant="secondary" onClick={() => setChosen(null)}>
              Cancel
            </Button>
            <Button size="sm" onClick={() => merge(chosen)} pending={pending}>
              <GitMerge className="size-4" aria-hidden /> Merge contacts
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
