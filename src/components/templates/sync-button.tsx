"use client";

import { RefreshCw } from "lucide-react";
import { useState } from "react";
import { syncTemplates } from "@/app/actions/templates";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";

/** "Sync now" for one number: queues the sync; the list shows the result when the page is next read. */
export function SyncButton({ channelId, label }: { channelId: string; label: string }) {
  const { pending, error, run } = useAction();
  const [queued, setQueued] = useState(false);
  return (
    <div className="flex flex-col items-start gap-1">
      <Button
        variant="secondary"
        size="sm"
        pending={pending}
        aria-label={`Sync now: ${label}`}
        onClick={() =>
          run(
            () => syncTemplates({ channelId }),
            () => setQueued(true),
          )
        }
      >
        <RefreshCw className="size-4" aria-hidden /> Sync now
      </Button>
      <span role="status" className="text-xs text-slate-500">
        {error ?? (queued ? "Sync started; refresh in a moment." : "")}
      </span>
    </div>
  );
}
