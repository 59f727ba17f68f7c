"use client";

import { useTranslations } from "next-intl";
import { useWakeTime } from "@/components/ui/use-times";
import type { ActivityLine } from "@/lib/conversation-activity";
import { CONVERSATION_STATUSES, type ConversationStatus } from "@/lib/conversation-status";

const isStatus = (status: string | null | undefined): status is ConversationStatus =>
  CONVERSATION_STATUSES.some((known) => known === status);

/**
 * The sentence of an activity line in the reader's language: "Ana assigned
 * this to Budi", "Snoozed until tomorrow 09:00 by you", "Reopened by the
 * customer's message". `who` names a member (null: the reader themself).
 */
export function useActivityText(): (line: ActivityLine, who: (userId: string) => string | null) => string {
  const t = useTranslations("inbox.activity");
  const wakeTime = useWakeTime();
  return (line, who) => {
    const d = line.data;
    // The reader starts a sentence as "You"; elsewhere they read "you".
    const subject = (userId: string) => who(userId) ?? t("you");
    const object = (userId: string | null | undefined) => who(userId ?? "") ?? t("youLower");
    const actor = line.actor_id ? object(line.actor_id) : d.api_key_id ? t("apiKey") : null;
    const status = (value: string | null | undefined) => (isStatus(value) ? t(`statusWords.${value}`) : (value ?? ""));
    switch (line.kind) {
      case "assigned":
        if (!line.actor_id) return t("assignedTo", { assignee: object(d.to) });
        return d.to === line.actor_id
          ? t("took", { actor: subject(line.actor_id) })
          : t("assigned", { actor: subject(line.actor_id), assignee: object(d.to) });
      case "unassigned":
        return line.actor_id
          ? t("unassignedBy", { actor: subject(line.actor_id), from: object(d.from) })
          : t("unassigned", { from: object(d.from) });
      case "snoozed": {
        const until = wakeTime(new Date(d.until ?? line.created_at), new Date(line.created_at), { inSentence: true });
        return actor ? t("snoozedBy", { until, actor }) : t("snoozed", { until });
      }
      case "status_changed":
        if (d.via === "customer_message") return t("reopenedByCustomer");
        if (d.via === "snooze_ended") return t("snoozeEnded");
        if (d.to === "resolved") return actor ? t("resolvedBy", { actor }) : t("resolved");
        if (d.to === "open" && d.from === "resolved") return actor ? t("reopenedBy", { actor }) : t("reopened");
        if (d.to === "open")
          return actor ? t("movedToOpenBy", { from: status(d.from), actor }) : t("movedToOpen", { from: status(d.from) });
        return actor ? t("markedBy", { status: status(d.to), actor }) : t("marked", { status: status(d.to) });
      case "label_added":
        return actor ? t("labelAddedBy", { name: d.name ?? "", actor }) : t("labelAdded", { name: d.name ?? "" });
      case "label_removed":
        return actor ? t("labelRemovedBy", { name: d.name ?? "", actor }) : t("labelRemoved", { name: d.name ?? "" });
      case "team_changed":
        if (d.to) return actor ? t("teamMovedBy", { actor }) : t("teamMoved");
        return actor ? t("teamRemovedBy", { actor }) : t("teamRemoved");
    }
  };
}
