"use client";

import { BellOff, BellRing } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { setContactOptOut } from "@/app/actions/outreach";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { OptOutBadge } from "./opt-out-badge";

/**
 * A contact's opt-out on their page: whether they receive broadcasts, why
 * not, and for admins the switch (audited). The inbox works either way.
 */
export function OptOutControl({
  contactId,
  optedOutAt,
  source,
  reason,
  canEdit,
}: {
  contactId: string;
  optedOutAt: string | null;
  source: string | null;
  reason: string | null;
  canEdit: boolean;
}) {
  const t = useTranslations("outreach.optOut");
  const { pending, error, run } = useAction();
  const [note, setNote] = useState("");
  const set = (optedOut: boolean) => run(() => setContactOptOut({ contactId, optedOut, reason: optedOut ? note : null }));

  if (optedOutAt) {
    return (
      <div className="space-y-3 text-sm" data-testid="opt-out">
        <OptOutBadge optedOutAt={optedOutAt} />
        <p className="text-slate-600">{reason ? t("howWithReason", { how: source ?? "", reason }) : t("how", { how: source ?? "" })}</p>
        <FormError message={error} />
        {canEdit && (
          <Button variant="secondary" size="sm" pending={pending} onClick={() => set(false)}>
            <BellRing className="size-3.5" aria-hidden /> {t("optIn")}
          </Button>
        )}
      </div>
    );
  }
  return (
    <div className="space-y-3 text-sm" data-testid="opt-out">
      <p className="text-slate-600">{t("receives")}</p>
      {canEdit && (
        <form
          className="flex items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            set(true);
          }}
        >
          <div className="min-w-0 flex-1">
            <Field label={t("why")} htmlFor="opt-out-note">
              <Input
                id="opt-out-note"
                value={note}
                maxLength={200}
                onChange={(e) => setNote(e.target.value)}
                placeholder={t("whyPlaceholder")}
              />
            </Field>
          </div>
          <Button type="submit" variant="secondary" pending={pending}>
            <BellOff className="size-4" aria-hidden /> {t("optOut")}
          </Button>
        </form>
      )}
      <FormError message={error} />
    </div>
  );
}
