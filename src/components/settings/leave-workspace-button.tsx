"use client";

import { LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { leaveWorkspace } from "@/app/actions/members";
import { ConfirmButton } from "@/components/ui/confirm-button";

export function LeaveWorkspaceButton({ workspaceName }: { workspaceName: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      title={`Leave ${workspaceName}?`}
      description="You lose access to its inbox and contacts at once, and need a new invitation to come back."
      confirmLabel="Leave workspace"
      action={() => leaveWorkspace({})}
      onDone={() => router.push("/")}
    >
      <LogOut className="size-4" aria-hidden />
      Leave workspace
    </ConfirmButton>
  );
}
