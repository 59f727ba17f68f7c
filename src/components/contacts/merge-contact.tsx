"use client";

import { GitMerge } from "lucide-react";
import { useState } from "react";
import { mergeContacts } from "@/app/actions/contacts";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { formatPhone } from "@/lib/format";
import type { ContactListItem } from "@/server/contacts/queries";
import { ContactPicker } from "./contact-picker";

/** Admins fold a duplicate into this contact: its conversations, messages and history come along. */
export function MergeContact({ contactId, contactName }: { contactId: string; contactName: string }) {
  const [chosen, setChosen] = useState<ContactListItem | null>(null);
  const { pending, error, run } = useAction();
  const merge = (source: ContactListItem) =>
    run(
      () => mergeContacts({ targetId: contactId, sourceId: source.id }),
      () => setChosen(null),
    );

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-500">
        Found the same person twice? Merge the other contact into this one. Its conversations, messages, notes and history move here.
      </p>
      <ContactPicker
        excludeId={contactId}
        actionLabel="Merge…"
        searchLabel="Find the contact to merge"
        onPick={async (contact) => {
          // Picking only asks for confirmation; the merge runs from the dialog below.
          setChosen(contact);
          return { ok: true, data: null };
        }}
      />
      <FormError message={error} />
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
