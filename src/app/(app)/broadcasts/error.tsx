"use client";

import { AlertTriangle } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** A broadcast page that failed to load (the database unreachable, a deploy under way): say so and offer to retry. */
export default function BroadcastsError({ reset }: { reset: () => void }) {
  const t = useTranslations("broadcasts.error");
  const tryAgain = useTranslations("common")("tryAgain");
  return (
    <div className="mx-auto max-w-3xl p-4 sm:p-6">
      <div className="rounded-xl bg-white ring-1 ring-slate-200">
        <EmptyState icon={AlertTriangle} title={t("title")}>
          <p>{t("body")}</p>
          <Button variant="secondary" className="mt-3" onClick={reset}>
            {tryAgain}
          </Button>
        </EmptyState>
      </div>
    </div>
  );
}
