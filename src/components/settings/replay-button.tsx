"use client";

import { RotateCcw } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { replayWebhook } from "@/app/actions/webhooks";
import { Button } from "@/components/ui/button";
import { FormError, FormStatus } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";

export function ReplayButton({ id }: { id: number }) {
  const t = useTranslations("developers.webhookEvent");
  const { pending, error, run } = useAction();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <Button
        variant="secondary"
        pending={pending}
        onClick={() =>
          run(
            () => replayWebhook({ id }),
            ({ outcome }) => setMessage(t("replayed", { outcome })),
          )
        }
      >
        <RotateCcw className="size-4" aria-hidden />
        {t("replay")}
      </Button>
      <FormStatus message={message} />
      <FormError message={error} />
    </div>
  );
}
