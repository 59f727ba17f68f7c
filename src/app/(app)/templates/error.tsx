"use client";

import { AlertTriangle } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** The templates could not be read (database unreachable, a bug): say so, and offer to try again. */
export default function TemplatesError({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("templates.error");
  const tryAgain = useTranslations("common")("tryAgain");
  return (
    <EmptyState icon={AlertTriangle} title={t("title")}>
      <p>{t("body")}</p>
      <Button className="mt-3" variant="secondary" onClick={reset}>
        {tryAgain}
      </Button>
    </EmptyState>
  );
}
