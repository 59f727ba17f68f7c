"use client";

import { useTranslations } from "next-intl";
import { updateBroadcastPermission } from "@/app/actions/broadcasts";
import { FormError } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";

/** The admins' switch: may agents create and run broadcasts too. */
export function BroadcastPermission({ agentsMaySend }: { agentsMaySend: boolean }) {
  const t = useTranslations("broadcasts.list");
  const { pending, error, run } = useAction();
  return (
    <div className="space-y-2">
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          className="size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600"
          checked={agentsMaySend}
          disabled={pending}
          onChange={(event) => {
            const agentsMaySend = event.currentTarget.checked;
            run(() => updateBroadcastPermission({ agentsMaySend }));
          }}
        />
        {t("agentsMaySend")}
      </label>
      <FormError message={error} />
    </div>
  );
}
