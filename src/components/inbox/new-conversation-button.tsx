"use client";

import { MessageSquarePlus } from "lucide-react";
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
  return (
    <StartConversationDialog
      trigger={(open) => (
        <Button variant="secondary" size="sm" onClick={open} aria-label="New conversation" title="New conversation">
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
  const [phone, setPhone] = useState("");
  const usePhone = (event: FormEvent) => {
    event.preventDefault();
    choose({ phone });
  };
  return (
    <div className="space-y-4">
      <div className="space-y-1.5">
        <p className="text-sm font-medium text-slate-700">A contact</p>
        <ContactPicker
          excludeId=""
          actionLabel="Write"
          searchLabel="Search contacts to write to"
          onPick={async (contact) => {
            choose({ contactId: contact.id });
            return { ok: true, data: null };
          }}
        />
      </div>
      <form onSubmit={usePhone} className="space-y-2">
        <Field
          label="Or a WhatsApp number"
          htmlFor="new-conversation-phone"
          hint="Numbers without a country code are read with the workspace's country."
        >
          <div className="flex gap-2">
            <Input
              id="new-conversation-phone"
              type="tel"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              placeholder="0812 3456 7890 or +55 11 98765 4321"
              autoComplete="off"
              required
            />
            <Button type="submit" variant="secondary" pending={pending}>
              Next
            </Button>
          </div>
        </Field>
      </form>
      <FormError message={problem} />
    </div>
  );
}
