"use client";

import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteContact } from "@/app/actions/contacts";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";

/** Admins only: erases the contact with its conversations and messages, after a confirmation naming them. */
export function DeleteContactButton({ contactId, contactName }: { contactId: string; contactName: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-500">
        Removes {contactName} with every conversation and message, for good. To combine a duplicate, merge it instead.
      </p>
      <Button
        variant="danger"
        pending={pending}
        onClick={() => {
          if (!window.confirm(`Delete ${contactName} with all their conversations and messages? This cannot be undone.`)) return;
          setError(null);
          startTransition(async () => {
            const result = await deleteContact({ contactId });
            if (!result.ok) return setError(result.error.message);
            router.push("/contacts");
          });
        }}
      >
        <Trash2 className="size-4" aria-hidden />
        Delete contact
      </Button>
      <FormError message={error} />
    </div>
  );
}
