"use client";

import { useTranslations } from "next-intl";
import { AvailabilityDot } from "@/components/ui/availability-dot";
import { cn } from "@/components/ui/cn";
import { MemberAvatar } from "@/components/ui/member-avatar";
import type { Availability } from "@/lib/availability";

export interface AssignableMember {
  id: string;
  name: string;
  availability?: Availability;
  /** Their picture's id, when they uploaded one. */
  avatarId?: string | null;
}

/** Who the conversation is assigned to: the header's control on wide screens, the details drawer's on narrow ones. */
export function AssigneeSelect({
  id,
  assignedTo,
  members,
  currentUserId,
  onAssign,
  className,
}: {
  id: string;
  assignedTo: string | null;
  members: AssignableMember[];
  currentUserId: string;
  onAssign: (assigneeId: string) => void;
  className?: string;
}) {
  const t = useTranslations("inbox.assignee");
  const tInbox = useTranslations("inbox");
  const assignee = members.find((m) => m.id === assignedTo);
  return (
    <span className="flex min-w-0 items-center gap-1.5">
      {assignee && <MemberAvatar userId={assignee.id} name={assignee.name} avatarId={assignee.avatarId} className="size-6 text-[10px]" />}
      {assignee?.availability && <AvailabilityDot availability={assignee.availability} />}
      <select
        id={id}
        value={assignedTo ?? ""}
        onChange={(e) => onAssign(e.target.value)}
        className={cn("min-w-0 rounded-md border-0 py-1.5 pr-7 pl-2 text-sm ring-1 ring-slate-300", className)}
      >
        <option value="">{t("unassigned")}</option>
        {members.map((m) => (
          <option key={m.id} value={m.id}>
            {m.availability
              ? t("memberWithAvailability", {
                  you: m.id === currentUserId ? "yes" : "no",
                  name: m.name,
                  availability: tInbox(`availability.${m.availability}`),
                })
              : t("member", { you: m.id === currentUserId ? "yes" : "no", name: m.name })}
          </option>
        ))}
      </select>
    </span>
  );
}
