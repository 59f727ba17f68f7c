"use client";

import { useTranslations } from "next-intl";
import type { NotificationKind } from "@/lib/notifications";

/** The sentence a notification shows, in the reader's language (the bell's list and the browser's notification). */
export function useNotificationText(): (n: { kind: NotificationKind; actor_name: string | null; contact_name: string | null }) => string {
  const t = useTranslations("notifications.kinds");
  return (n) => {
    const contact = n.contact_name ?? t("aCustomer");
    switch (n.kind) {
      case "mention":
        return n.actor_name ? t("mention", { actor: n.actor_name, contact }) : t("mentionByTeammate", { contact });
      case "assignment":
        return n.actor_name ? t("assignment", { actor: n.actor_name, contact }) : t("assignmentAutomatic", { contact });
      case "queue":
        return t("queue", { contact });
      case "customer_reply":
        return t("customerReply", { contact });
    }
  };
}
