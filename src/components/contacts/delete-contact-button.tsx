"use client";

import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { deleteContact } from "@/app/actions/contacts";
import { ConfirmButton } from "@/components/ui/confirm-button";

/** Admins only: erases the contact with its conversations and messages, after a confirmation naming them. */
export function DeleteContactButton({ contactId, contactName }: { contactId: string; contactName: string }) {
  const t = useTranslations("contacts.delete");
  const router = useRouter();
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-500">{t("intro", { name: contactName })}</p>
      <ConfirmButton
        title={t("confirmTitle", { name: contactName })}
        description={t("confirmDescription")}
        confirmLabel={t("submit")}
        action={() => deleteContact({ contactId })}
        onDone={() => router.push("/contacts")}
      >
        <Trash2 className="size-4" aria-hidden />
        {t("submit")}
      </ConfirmButton>
    </div>
  );
}
