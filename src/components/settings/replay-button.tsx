"use client";

import { RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { replayWebhook } from "@/app/actions/webhooks";
import { Button } from "@/components/ui/button";
import { FormError, FormStatus } from "@/components/ui/field";

export function ReplayButton({ id }: { id: number }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <Button
        variant="secondary"
        pending={pending}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await replayWebhook({ id });
            if (!result.ok) return setError(result.error.message);
            setMessage(`Replayed: ${result.data.outcome}.`);
            router.refresh();
          })
        }
      >
        <RotateCcw className="size-4" aria-hidden />
        Replay
      </Button>
      <FormStatus message={message} />
      <FormError message={error} />
    </div>
  );
}
