"use client";

import { useState, useTransition } from "react";
import { acceptInvitation } from "@/app/actions/invitations";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";

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
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const password = String(form.get("password") ?? "");
        setError(null);
        startTransition(async () => {
          // On success the action redirects to the dashboard; only failures come back.
          const result =
            props.mode === "new"
              ? await acceptInvitation({ kind: "new", token: props.token, fullName: String(form.get("fullName") ?? ""), password })
              : props.mode === "password"
                ? await acceptInvitation({ kind: "password", token: props.token, password })
                : await acceptInvitation({ kind: "session", token: props.token });
          if (!result.ok) setError(result.error.message);
        });
      }}
    >
      {props.signedInAs && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-100">
          You are signed in as {props.signedInAs}. Joining signs you in as {props.email} instead.
        </p>
      )}
      {props.mode === "new" && (
        <>
          <Field label="Your name" htmlFor="invite-name">
            <Input id="invite-name" name="fullName" autoComplete="name" required maxLength={80} autoFocus />
          </Field>
          <Field label="Choose a password" htmlFor="invite-password" hint="At least 8 characters.">
            <Input id="invite-password" name="password" type="password" autoComplete="new-password" required minLength={8} />
          </Field>
        </>
      )}
      {props.mode === "password" && (
        <Field label="Password" htmlFor="invite-password" hint={`You already have an account: sign in as ${props.email} to join.`}>
          <Input id="invite-password" name="password" type="password" autoComplete="current-password" required autoFocus />
        </Field>
      )}
      <input type="hidden" name="email" value={props.email} autoComplete="username" />
      <FormError message={error} />
      <Button type="submit" className="w-full" pending={pending}>
        {props.mode === "new" ? "Create account and join" : "Join workspace"}
      </Button>
    </form>
  );
}
