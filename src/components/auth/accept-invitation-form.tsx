"use client";

import { useTranslations } from "next-intl";
import { acceptInvitation } from "@/app/actions/invitations";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { field, useAction } from "@/components/ui/use-action";

/**
 * new: choose a name and password for the account created now;
 * password: the email already has an account, its password joins;
 * session: already signed in as the invited email, one click joins.
 */
export function AcceptInvitationForm(props: {
  token: string;
  email: string;
  mode: "new" | "password" | "session";
  signedInAs: string | null;
}) {
  // On success the action redirects to the dashboard; only failures come back.
  const t = useTranslations("auth.invite");
  const tLogin = useTranslations("auth.login");
  const tReset = useTranslations("auth.reset");
  const { pending, error, submit } = useAction({ refresh: false });

  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={submit((form) =>
        props.mode === "new"
          ? acceptInvitation({ kind: "new", token: props.token, fullName: field(form, "fullName"), password: field(form, "password") })
          : props.mode === "password"
            ? acceptInvitation({ kind: "password", token: props.token, password: field(form, "password") })
            : acceptInvitation({ kind: "session", token: props.token }),
      )}
    >
      {props.signedInAs && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-100">
          {t("signedInAsOther", { current: props.signedInAs, email: props.email })}
        </p>
      )}
      {props.mode === "new" && (
        <>
          <Field label={t("yourName")} htmlFor="invite-name">
            <Input id="invite-name" name="fullName" autoComplete="name" required maxLength={80} autoFocus />
          </Field>
          <Field label={t("choosePassword")} htmlFor="invite-password" hint={tReset("hint")}>
            <Input id="invite-password" name="password" type="password" autoComplete="new-password" required minLength={8} />
          </Field>
        </>
      )}
      {props.mode === "password" && (
        <Field label={tLogin("password")} htmlFor="invite-password" hint={t("existingAccount", { email: props.email })}>
          <Input id="invite-password" name="password" type="password" autoComplete="current-password" required autoFocus />
        </Field>
      )}
      <input type="hidden" name="email" value={props.email} autoComplete="username" />
      <FormError message={error} />
      <Button type="submit" className="w-full" pending={pending}>
        {props.mode === "new" ? t("createAndJoin") : t("joinWorkspace")}
      </Button>
    </form>
  );
}
