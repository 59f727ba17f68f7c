"use client";

import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { deleteContact } from "@/app/actions/contacts";
import { ConfirmButton } from "@/components/ui/confirm-button";

/** Admins only: erases the contact with its conversations and messages, after a confirmation naming them. */
export function DeleteContactButton({ contactId, contactName }: { contactId: string; contactName: string }) {
  const router = useRouter();
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-500">
        Removes {contactName} with every conversation and message, for good. To combine a duplicate, merge it instead.
      </p>
      <ConfirmButton
        title={`Delete ${contactName}?`}
        description="All their conversations and messages are deleted with them. This cannot be undone."
        confirmLabel="Delete contact"
        action={() => deleteContact({ contactId })}
        onDone={() => router.push("/contacts")}
      >
        <Trash2 className="size-4" aria-hidden />
        Delete contact
      </ConfirmButton>
    </div>
  );
}
