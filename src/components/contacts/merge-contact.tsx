"use client";

import { GitMerge } from "lucide-react";
import { useTranslations } from "next-intl";
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
  const t = useTranslations("contacts.merge");
  const [chosen, setChosen] = useState<ContactListItem | null>(null);
  const { pending, error, run } = useAction();
  const merge = (source: ContactListItem) =>
    run(
      () => mergeContacts({ targetId: contactId, sourceId: source.id }),
      () => setChosen(null),
    );

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-500">{t("intro")}</p>
      <ContactPicker
        excludeId={contactId}
        actionLabel={t("pick")}
        searchLabel={t("search")}
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
            {t.rich("confirm", {
              source: chosen.name ?? formatPhone(chosen.phone_e164),
              target: contactName,
              strong: (chunks) => <strong>{chunks}</strong>,
            })}
          </p>
          <div className="flex justify-end gap-2">
            <Button size="sm" variant="secondary" onClick={() => setChosen(null)}>
              {t("cancel")}
            </Button>
            <Button size="sm" onClick={() => merge(chosen)} pending={pending}>
              <GitMerge className="size-4" aria-hidden /> {t("submit")}
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
