"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { changePassword, updateProfileName } from "@/app/actions/profile";
import { Avatar } from "@/components/inbox/conversation-row";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FormError, FormStatus, Input } from "@/components/ui/field";
import { field, useAction } from "@/components/ui/use-action";
import { AvatarForm } from "./avatar-form";

/** The signed-in user's own settings: display name (with its initials avatar) and, in local auth mode, the password. */
export function ProfileForms({
  userId,
  email,
  fullName,
  avatarId,
  canChangePassword,
}: {
  userId: string;
  email: string;
  fullName: string;
  avatarId: string | null;
  canChangePassword: boolean;
}) {
  const t = useTranslations("profile.password");
  return (
    <>
      <NameForm email={email} fullName={fullName} />
      <AvatarForm userId={userId} name={fullName || email} avatarId={avatarId} />
      {canChangePassword ? (
        <PasswordForm />
      ) : (
        <Card title={t("title")}>
          <p className="text-sm text-slate-600">{t("managedBySupabase")}</p>
        </Card>
      )}
    </>
  );
}

function NameForm({ email, fullName }: { email: string; fullName: string }) {
  const t = useTranslations("profile.name");
  const id = useId();
  const [name, setName] = useState(fullName);
  const [saved, setSaved] = useState(false);
  const { pending, error, submit } = useAction();
  return (
    <Card title={t("title")} description={t("description")}>
      <form
        onSubmit={submit(
          (data) => updateProfileName({ fullName: field(data, "fullName") }),
          () => setSaved(true),
        )}
        className="space-y-4"
      >
        <div className="flex items-center gap-4">
          <Avatar name={name || email} className="size-14 text-lg" />
          <div className="min-w-0 text-sm">
            <p className="truncate font-medium text-slate-900">{name || email}</p>
            <p className="truncate text-slate-500">{email}</p>
          </div>
        </div>
        <Field label={t("label")} htmlFor={`${id}-name`}>
          <Input
            id={`${id}-name`}
            name="fullName"
            required
            maxLength={80}
            autoComplete="name"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setSaved(false);
            }}
          />
        </Field>
        <FormError message={error} />
        <FormStatus message={saved ? t("saved") : null} />
        <div className="flex justify-end">
          <Button type="submit" pending={pending}>
            {t("submit")}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function PasswordForm() {
  const t = useTranslations("profile.password");
  const id = useId();
  const [saved, setSaved] = useState(false);
  const { pending, error, submit } = useAction({ refresh: false });
  return (
    <Card title={t("title")} description={t("description")}>
      <form
        onSubmit={submit(
          (data) =>
            changePassword({
              currentPassword: field(data, "currentPassword"),
              newPassword: field(data, "newPassword"),
              confirm: field(data, "confirm"),
            }),
          (_done, form) => {
            form.reset();
            setSaved(true);
          },
        )}
        onChange={() => setSaved(false)}
        className="space-y-4"
      >
        <Field label={t("current")} htmlFor={`${id}-current`}>
          <Input id={`${id}-current`} name="currentPassword" type="password" required autoComplete="current-password" />
        </Field>
        <Field label={t("new")} htmlFor={`${id}-new`} hint={t("newHint")}>
          <Input id={`${id}-new`} name="newPassword" type="password" required minLength={8} autoComplete="new-password" />
        </Field>
        <Field label={t("repeat")} htmlFor={`${id}-confirm`}>
          <Input id={`${id}-confirm`} name="confirm" type="password" required minLength={8} autoComplete="new-password" />
        </Field>
        <FormError message={error} />
        <FormStatus message={saved ? t("saved") : null} />
        <div className="flex justify-end">
          <Button type="submit" pending={pending}>
            {t("submit")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
