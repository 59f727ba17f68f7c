"use client";

import { useTranslations } from "next-intl";
import { changeMemberRole, removeMember } from "@/app/actions/members";
import { AvailabilityDot } from "@/components/ui/availability-dot";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormError } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import type { Availability } from "@/lib/availability";
import { initials } from "@/lib/format";
import type { MemberRole } from "@/lib/roles";
import { RoleSelect, useRoleName } from "./role-select";

export interface MemberItem {
  userId: string;
  email: string;
  fullName: string;
  role: MemberRole;
  availability: Availability;
}

export function MemberList(props: { members: MemberItem[]; currentUserId: string; canManage: boolean; canGrantOwner: boolean }) {
  const t = useTranslations("settings.members");
  const roleName = useRoleName();
  // A refused change still refreshes: the list shows the roles as they are now.
  const { pending, error, run } = useAction({ refresh: "always" });

  return (
    <div className="space-y-3">
      <FormError message={error} />
      <ul className="divide-y divide-slate-100" aria-busy={pending}>
        {props.members.map((member) => {
          const isMe = member.userId === props.currentUserId;
          const canEditThis = props.canManage && (props.canGrantOwner || member.role !== "owner");
          return (
            <li key={member.userId} className="flex flex-wrap items-center gap-3 py-3" data-testid="member-row">
              <span
                className="flex size-9 items-center justify-center rounded-full bg-slate-100 text-xs font-semibold text-slate-600"
                aria-hidden
              >
                {initials(member.fullName)}
              </span>
              <div className="min-w-0 flex-1">
                <p className="flex items-center gap-1.5 truncate text-sm font-medium text-slate-900">
                  <AvailabilityDot availability={member.availability} />
                  {member.fullName} {isMe && <span className="text-slate-500">{t("you")}</span>}
                </p>
                <p className="truncate text-xs text-slate-500">{member.email}</p>
              </div>
              {canEditThis ? (
                <>
                  {/* Controls fill their box (w-full), so the box sets the width. */}
                  <div className="w-32">
                    <RoleSelect
                      aria-label={t("roleOf", { email: member.email })}
                      value={member.role}
                      canGrantOwner={props.canGrantOwner}
                      disabled={pending}
                      onChange={(e) => run(() => changeMemberRole({ userId: member.userId, role: e.target.value as MemberRole }))}
                    />
                  </div>
                  <ConfirmButton
                    size="sm"
                    disabled={pending}
                    aria-label={t("removeLabel", { email: member.email })}
                    title={t("removeTitle", { name: member.fullName || member.email })}
                    description={t("removeDescription")}
                    confirmLabel={t("removeConfirm")}
                    action={() => removeMember({ userId: member.userId })}
                  >
                    {t("remove")}
                  </ConfirmButton>
                </>
              ) : (
                <Badge tone={member.role === "agent" ? "gray" : "violet"}>{roleName(member.role)}</Badge>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
