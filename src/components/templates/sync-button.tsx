"use client";

import { RefreshCw } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { syncTemplates } from "@/app/actions/templates";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";

/** "Sync now" for one number: queues the sync; the list shows the result when the page is next read. */
export function SyncButton({ channelId, label }: { channelId: string; label: string }) {
  const t = useTranslations("templates.sync");
  const { pending, error, run } = useAction();
  const [queued, setQueued] = useState(false);
  return (
    <div className="flex flex-col items-start gap-1">
      <Button
        variant="secondary"
        size="sm"
        pending={pending}
        aria-label={t("label", { number: label })}
        onClick={() =>
          run(
            () => syncTemplates({ channelId }),
            () => setQueued(true),
          )
        }
      >
        <RefreshCw className="size-4" aria-hidden /> {t("button")}
      </Button>
      <span role="status" className="text-xs text-slate-500">
        {error ?? (queued ? t("started") : "")}
      </span>
    </div>
  );
}
