"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { removeAvatar, uploadAvatar } from "@/app/actions/profile";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FormError, FormStatus, Input } from "@/components/ui/field";
import { MemberAvatar } from "@/components/ui/member-avatar";
import { useAction } from "@/components/ui/use-action";

/** The signed-in user's picture: upload one (JPEG, PNG or WebP up to 2 MB, checked on the server by its bytes) or go back to initials. */
export function AvatarForm({ userId, name, avatarId }: { userId: string; name: string; avatarId: string | null }) {
  const t = useTranslations("profile.avatar");
  const [status, setStatus] = useState<"saved" | "removed" | null>(null);
  const upload = useAction();
  const remove = useAction();
  return (
    <Card title={t("title")} description={t("description")}>
      <form
        className="space-y-4"
        onSubmit={upload.submit(
          (data) => uploadAvatar({ avatar: data.get("avatar") as File }),
          (_result, form) => {
            form.reset();
            setStatus("saved");
          },
        )}
      >
        <div className="flex items-center gap-4">
          <MemberAvatar userId={userId} name={name} avatarId={avatarId} className="size-14 text-lg" />
          <Field label={t("label")} htmlFor="avatar-file" hint={t("hint")} error={upload.fieldErrors.avatar}>
            <Input
              id="avatar-file"
              name="avatar"
              type="file"
              required
              accept="image/jpeg,image/png,image/webp"
              error={upload.fieldErrors.avatar}
              onChange={() => setStatus(null)}
            />
          </Field>
        </div>
        <FormError message={upload.fieldErrors.avatar ? null : upload.error} />
        <FormError message={remove.error} />
        <FormStatus message={status && t(status)} />
        <div className="flex justify-end gap-2">
          {avatarId && (
            <Button
              type="button"
              variant="secondary"
              pending={remove.pending}
              onClick={() =>
                remove.run(
                  () => removeAvatar({}),
                  () => setStatus("removed"),
                )
              }
            >
              {t("useInitials")}
            </Button>
          )}
          <Button type="submit" pending={upload.pending}>
            {t("upload")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
