"use client";

import { LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { leaveWorkspace } from "@/app/actions/members";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";

export function LeaveWorkspaceButton({ workspaceName }: { workspaceName: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-3">
      <Button
        variant="danger"
        pending={pending}
        onClick={() => {
          if (!window.confirm(`Leave ${workspaceName}? You will need a new invitation to come back.`)) return;
          setError(null);
          startTransition(async () => {
            const result = await leaveWorkspace({});
            if (!result.ok) return setError(result.error.message);
            router.push("/");
          });
        }}
      >
        <LogOut className="size-4" aria-hidden />
        Leave workspace
      </Button>
      <FormError message={error} />
    </div>
  );
}
