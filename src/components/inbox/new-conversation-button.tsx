"use client";

import { MessageSquarePlus } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { ContactPicker } from "@/components/contacts/contact-picker";
import { StartConversationDialog } from "@/components/outreach/start-conversation-dialog";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";

/**
 * The inbox's "New conversation": find a contact, or type a number (read
 * with the workspace's country on the server, which also finds the contact
 * that already has it), then the dialog's message step.
 */
export function NewConversationButton() {
  const t = useTranslations("inbox.newConversation");
  return (
    <StartConversationDialog
      trigger={(open) => (
        <Button variant="secondary" size="sm" onClick={open} aria-label={t("button")} title={t("button")}>
          <MessageSquarePlus className="size-4" aria-hidden />
        </Button>
      )}
      chooseRecipient={(choose, problem, pending) => <ChooseRecipient choose={choose} problem={problem} pending={pending} />}
    />
  );
}

function ChooseRecipient({
  choose,
  problem,
  pending,
}: {
  choose: (target: { contactId: string } | { phone: string }) => void;
  problem: string | null;
  pending: boolean;
}) {
  const t = useTranslations("inbox.newConversation");
  const [phone, setPhone] = useState("");
  const usePhone = (event: FormEvent) => {
    event.preventDefault();
    choose({ phone });
  };
  return (
    <div className="space-y-4">
      <div className="space-y-1.5">
        <p className="text-sm font-medium text-slate-700">{t("aContact")}</p>
        <ContactPicker
          excludeId=""
          actionLabel={t("write")}
          searchLabel={t("searchContacts")}
          onPick={async (contact) => {
            choose({ contactId: contact.id });
            return { ok: true, data: null };
          }}
        />
      </div>
      <form onSubmit={usePhone} className="space-y-2">
        <Field label={t("orNumber")} htmlFor="new-conversation-phone" hint={t("numberHint")}>
          <div className="flex gap-2">
            <Input
              id="new-conversation-phone"
              type="tel"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              placeholder={t("numberPlaceholder")}
              autoComplete="off"
              required
            />
            <Button type="submit" variant="secondary" pending={pending}>
              {t("next")}
            </Button>
          </div>
        </Field>
      </form>
      <FormError message={problem} />
    </div>
  );
}
