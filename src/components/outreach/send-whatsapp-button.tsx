"use client";

import { MessageSquarePlus } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { StartConversationDialog } from "./start-conversation-dialog";

/**
 * Writes to a contact from wherever the contact is shown: a button on its
 * page, a small icon on a list row or a Kanban card.
 */
export function SendWhatsAppButton({ contactId, contactName, compact }: { contactId: string; contactName: string; compact?: boolean }) {
  const t = useTranslations("outreach.start");
  return (
    <StartConversationDialog
      contactId={contactId}
      trigger={(open) =>
        compact ? (
          <button
            type="button"
            onClick={open}
            className="rounded p-0.5 text-slate-400 hover:bg-slate-100 hover:text-brand-700"
            aria-label={t("sendTo", { name: contactName })}
            title={t("send")}
          >
            <MessageSquarePlus className="size-4" aria-hidden />
          </button>
        ) : (
          <Button variant="secondary" onClick={open}>
            <MessageSquarePlus className="size-4" aria-hidden /> {t("send")}
          </Button>
        )
      }
    />
  );
}
