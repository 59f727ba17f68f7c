"use client";

import { useTranslations } from "next-intl";
import { palette } from "@/components/ui/palette";
import { useShortcuts } from "@/components/ui/use-shortcuts";
import type { Availability } from "@/lib/availability";
import type { ConversationStatus } from "@/lib/conversation-status";

/**
 * The open conversation's own shortcuts, also offered in the command
 * palette: "e" resolves (the palette reopens a resolved one), "a" opens the
 * assignee picker (the palette, on the workspace's members). Reply, note
 * and snooze are registered by the composer and the status menu, which own
 * what they open.
 */
export function useConversationShortcuts({
  status,
  assignedTo,
  members,
  currentUserId,
  onSetStatus,
  onAssign,
}: {
  status: ConversationStatus;
  assignedTo: string | null;
  members: { id: string; name: string; availability?: Availability }[];
  currentUserId: string;
  onSetStatus: (status: Exclude<ConversationStatus, "snoozed">) => void;
  onAssign: (assigneeId: string) => void;
}) {
  const t = useTranslations("inbox.shortcuts");
  const tInbox = useTranslations("inbox");
  const assigneePage = () => ({
    title: t("assignTo"),
    choices: [
      { id: "", label: t("unassigned"), hint: assignedTo === null ? t("current") : undefined, run: () => onAssign("") },
      ...members.map((m) => ({
        id: m.id,
        label: m.id === currentUserId ? t("memberYou", { name: m.name }) : m.name,
        hint: [m.id === assignedTo && t("current"), m.availability && tInbox(`availability.${m.availability}`)].filter(Boolean).join(" · "),
        run: () => onAssign(m.id),
      })),
    ],
  });
  useShortcuts([
    status === "resolved"
      ? {
          id: "conversation.reopen",
          label: t("reopen"),
          group: "conversation",
          keys: [],
          palette: true,
          run: () => onSetStatus("open"),
        }
      : {
          id: "conversation.resolve",
          label: t("resolve"),
          group: "conversation",
          keys: ["e"],
          palette: true,
          run: () => onSetStatus("resolved"),
        },
    {
      id: "conversation.assign",
      label: t("assign"),
      group: "conversation",
      keys: ["a"],
      palette: true,
      run: () => palette.open(assigneePage()),
    },
  ]);
}
