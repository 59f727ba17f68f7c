"use client";

import { MessageSquarePlus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { StartConversationDialog } from "./start-conversation-dialog";

/**
 * Writes to a contact from wherever the contact is shown: a button on its
 * page, a small icon on a list row or a Kanban card.
 */
export function SendWhatsAppButton({ contactId, contactName, compact }: { contactId: string; contactName: string; compact?: boolean }) {
  return (
    <StartConversationDialog
      contactId={contactId}
      trigger={(open) =>
        compact ? (
          <button
            type="button"
            onClick={open}
            className="rounded p-0.5 text-slate-400 hover:bg-slate-100 hover:text-brand-700"
            aria-label={`Send WhatsApp message to ${contactName}`}
            title="Send WhatsApp message"
          >
            <MessageSquarePlus className="size-4" aria-hidden />
          </button>
        ) : (
          <Button variant="secondary" onClick={open}>
            <MessageSquarePlus className="size-4" aria-hidden /> Send WhatsApp message
          </Button>
        )
      }
    />
  );
}
