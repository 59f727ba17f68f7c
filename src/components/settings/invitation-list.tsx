"use client";

import { useTranslations } from "next-intl";
import { revokeInvitation } from "@/app/actions/members";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyLink } from "@/components/ui/copy-field";
import { FormError } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import type { MemberRole } from "@/lib/roles";
import { useRoleName } from "./role-select";

export interface InvitationItem {
  id: string;
  email: string;
  role: MemberRole;
  token: string;
  /** "Expires in 6 days" / "Expired 2 days ago", in the reader's language, computed on the server. */
  expiry: string;
  expired: boolean;
}

export function InvitationList({ invitations }: { invitations: InvitationItem[] }) {
  const t = useTranslations("settings.members");
  const roleName = useRoleName();
  // A refused revoke still refreshes: the invitation may be gone already.
  const { pending, error, run } = useAction({ refresh: "always" });

  return (
    <div className="space-y-3">
      <FormError message={error} />
      <ul className="divide-y divide-slate-100" aria-busy={pending}>
        {invitations.map((invitation) => (
          <li key={invitation.id} className="space-y-2 py-3" data-testid="invitation-row">
            <div className="flex flex-wrap items-center gap-2">
              <p className="min-w-0 flex-1 truncate text-sm font-medium text-slate-900">{invitation.email}</p>
              <Badge tone={invitation.role === "agent" ? "gray" : "violet"}>{roleName(invitation.role)}</Badge>
              <Badge tone={invitation.expired ? "red" : "blue"}>{invitation.expiry}</Badge>
              <Button
                variant="danger"
                size="sm"
                disabled={pending}
                aria-label={t("revokeLabel", { email: invitation.email })}
                onClick={() => run(() => revokeInvitation({ invitationId: invitation.id }))}
              >
                {t("revoke")}
              </Button>
            </div>
            {!invitation.expired && (
              <CopyLink path={`/invite/${invitation.token}`} label={t("invitationLink", { email: invitation.email })} />
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
