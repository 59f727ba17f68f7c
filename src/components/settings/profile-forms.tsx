"use client";

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
  return (
    <>
      <NameForm email={email} fullName={fullName} />
      <AvatarForm userId={userId} name={fullName || email} avatarId={avatarId} />
      {canChangePassword ? (
        <PasswordForm />
      ) : (
        <Card title="Password">
          <p className="text-sm text-slate-600">
            Your password is managed by Supabase: use “Forgot password?” on the sign-in page to change it.
          </p>
        </Card>
      )}
    </>
  );
}

function NameForm({ email, fullName }: { email: string; fullName: string }) {
  const id = useId();
  const [name, setName] = useState(fullName);
  const [saved, setSaved] = useState<string | null>(null);
  const { pending, error, submit } = useAction();
  return (
    <Card title="Profile" description="Your name is shown to your teammates: on notes, assignments and the member list.">
      <form
        onSubmit={submit(
          (data) => updateProfileName({ fullName: field(data, "fullName") }),
          () => setSaved("Your name was saved."),
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
        <Field label="Display name" htmlFor={`${id}-name`}>
          <Input
            id={`${id}-name`}
            name="fullName"
            required
            maxLength={80}
            autoComplete="name"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setSaved(null);
            }}
          />
        </Field>
        <FormError message={error} />
        <FormStatus message={saved} />
        <div className="flex justify-end">
          <Button type="submit" pending={pending}>
            Save name
          </Button>
        </div>
      </form>
    </Card>
  );
}

function PasswordForm() {
  const id = useId();
  const [saved, setSaved] = useState<string | null>(null);
  const { pending, error, submit } = useAction({ refresh: false });
  return (
    <Card title="Password" description="Changing it signs you out on every other device.">
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
            setSaved("Your password was changed. Other devices were signed out.");
          },
        )}
        onChange={() => setSaved(null)}
        className="space-y-4"
      >
        <Field label="Current password" htmlFor={`${id}-current`}>
          <Input id={`${id}-current`} name="currentPassword" type="password" required autoComplete="current-password" />
        </Field>
        <Field label="New password" htmlFor={`${id}-new`} hint="At least 8 characters.">
          <Input id={`${id}-new`} name="newPassword" type="password" required minLength={8} autoComplete="new-password" />
        </Field>
        <Field label="Repeat the new password" htmlFor={`${id}-confirm`}>
          <Input id={`${id}-confirm`} name="confirm" type="password" required minLength={8} autoComplete="new-password" />
        </Field>
        <FormError message={error} />
        <FormStatus message={saved} />
        <div className="flex justify-end">
          <Button type="submit" pending={pending}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}
