"use client";

import { LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { leaveWorkspace } from "@/app/actions/members";
import { ConfirmButton } from "@/components/ui/confirm-button";

export function LeaveWorkspaceButton({ workspaceName }: { workspaceName: string }) {
  const t = useTranslations("settings.members");
  const router = useRouter();
  return (
    <ConfirmButton
      title={t("leaveConfirmTitle", { workspace: workspaceName })}
      description={t("leaveConfirmDescription")}
      confirmLabel={t("leave")}
      action={() => leaveWorkspace({})}
      onDone={() => router.push("/")}
    >
      <LogOut className="size-4" aria-hidden />
      {t("leave")}
    </ConfirmButton>
  );
}
