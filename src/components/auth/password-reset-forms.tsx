"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { requestPasswordReset, setNewPassword } from "@/app/actions/password-reset";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";

export function ForgotPasswordForm() {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState(requestPasswordReset, {});
  if (state.sent) {
    return (
      <p role="status" className="rounded-md bg-brand-50 px-3 py-3 text-sm text-brand-800 ring-1 ring-brand-100">
        {t("forgot.sent")}
      </p>
    );
  }
  return (
    <form action={action} className="space-y-4" noValidate>
      <Field label={t("login.email")} htmlFor="email">
        <Input id="email" name="email" type="email" autoComplete="email" required autoFocus />
      </Field>
      <FormError message={state.error} />
      <Button type="submit" className="w-full" pending={pending}>
        {t("forgot.submit")}
      </Button>
    </form>
  );
}

export function NewPasswordForm({ email }: { email: string }) {
  const t = useTranslations("auth.reset");
  const [state, action, pending] = useActionState(setNewPassword, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="email" value={email} autoComplete="username" />
      <Field label={t("newPassword")} htmlFor="password" hint={t("hint")}>
        <Input id="password" name="password" type="password" autoComplete="new-password" required minLength={8} autoFocus />
      </Field>
      <Field label={t("repeat")} htmlFor="confirm">
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required minLength={8} />
      </Field>
      <FormError message={state.error} />
      <Button type="submit" className="w-full" pending={pending}>
        {t("submit")}
      </Button>
    </form>
  );
}
