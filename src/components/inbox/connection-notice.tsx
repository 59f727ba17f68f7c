"use client";

import { WifiOff } from "lucide-react";
import { useTranslations } from "next-intl";
import { useConnectionStatus } from "./use-workspace-events";

/** A thin bar over the inbox while live updates are not flowing; nothing while they are (or while the first connection opens). */
export function ConnectionNotice() {
  const t = useTranslations("inbox.connection");
  const status = useConnectionStatus();
  const text = status === "offline" || status === "reconnecting" ? t(status) : null;
  return (
    <div role="status" aria-live="polite" data-testid="connection-notice" data-status={status}>
      {text && (
        <p className="flex items-center justify-center gap-2 bg-amber-100 px-4 py-1.5 text-xs font-medium text-amber-900">
          <WifiOff className="size-3.5" aria-hidden />
          {text}
        </p>
      )}
    </div>
  );
}
