"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { inviteMember } from "@/app/actions/members";
import { Button } from "@/components/ui/button";
import { CopyLink } from "@/components/ui/copy-field";
import { Field, FormError, Input } from "@/components/ui/field";
import { field, useAction } from "@/components/ui/use-action";
import type { MemberRole } from "@/lib/roles";
import { RoleSelect } from "./role-select";

export function InviteMemberForm({ canGrantOwner }: { canGrantOwner: boolean }) {
  const t = useTranslations("settings.members");
  const { pending, error, errorTechnical, fieldErrors, submit } = useAction();
  const [invited, setInvited] = useState<{ email: string; token: string; emailed: boolean } | null>(null);
  const [role, setRole] = useState<MemberRole>("agent");

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        setInvited(null);
        submit(
          (form) => inviteMember({ email: field(form, "email"), role }),
          (invitation, form) => {
            setInvited(invitation);
            form.reset();
          },
        )(event);
      }}
    >
      <div className="grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
        <Field error={fieldErrors.email} label={t("email")} htmlFor="member-email">
          <Input id="member-email" name="email" error={fieldErrors.email} type="email" required placeholder={t("emailPlaceholder")} />
        </Field>
        <Field label={t("role")} htmlFor="member-role">
          <RoleSelect id="member-role" value={role} onChange={(e) => setRole(e.target.value as MemberRole)} canGrantOwner={canGrantOwner} />
        </Field>
        <Button type="submit" pending={pending}>
          {t("invite")}
        </Button>
      </div>
      <FormError message={error} detail={errorTechnical} />
      {invited && (
        <div role="status" className="space-y-2 rounded-md bg-brand-50 px-3 py-3 text-sm text-brand-800 ring-1 ring-brand-100">
          <p>
            {t.rich(invited.emailed ? "invitedEmailed" : "invitedLink", {
              email: invited.email,
              strong: (chunks) => <strong>{chunks}</strong>,
            })}
          </p>
          <CopyLink path={`/invite/${invited.token}`} label={t("invitationLink", { email: invited.email })} />
        </div>
      )}
    </form>
  );
}
