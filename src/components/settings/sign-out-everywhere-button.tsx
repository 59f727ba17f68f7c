"use client";

import { LogOut } from "lucide-react";
import { useTranslations } from "next-intl";
import { signOutEverywhere } from "@/app/actions/auth";
import { ConfirmButton } from "@/components/ui/confirm-button";

export function SignOutEverywhereButton() {
  const t = useTranslations("profile.signOutEverywhere");
  return (
    <ConfirmButton title={t("title")} description={t("description")} confirmLabel={t("action")} action={signOutEverywhere}>
      <LogOut className="size-4" aria-hidden />
      {t("action")}
    </ConfirmButton>
  );
}
