"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { updateOptOutKeywords } from "@/app/actions/outreach";
import { Field, FormError } from "@/components/ui/field";
import { SaveRow } from "@/components/ui/save-row";
import { useAction } from "@/components/ui/use-action";
import { DEFAULT_OPT_OUT_KEYWORDS, OPT_OUT_DEFAULTS } from "@/lib/opt-out";

/** The workspace's stop words, one per line or comma-separated; admins edit them. */
export function OptOutKeywordsForm({ keywords, canEdit }: { keywords: string[]; canEdit: boolean }) {
  const t = useTranslations("outreach.stopWords");
  const [text, setText] = useState(keywords.join(", "));
  const [saved, setSaved] = useState(false);
  const { pending, error, run } = useAction();
  const save = () =>
    run(
      () => updateOptOutKeywords({ keywords: text.split(/[,\n]/) }),
      (stored) => {
        setText(stored.join(", "));
        setSaved(true);
      },
    );
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        save();
      }}
    >
      <fieldset disabled={!canEdit || pending} className="space-y-3">
        <Field
          label={t("label")}
          htmlFor="opt-out-keywords"
          hint={t("hint", {
            defaults: Object.entries(OPT_OUT_DEFAULTS)
              .map(([language, words]) => t("defaultsOf", { language, words: words.join(", ") }))
              .join("; "),
          })}
        >
          <textarea
            id="opt-out-keywords"
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={2}
            className="block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-600 focus:outline-none disabled:bg-slate-50"
          />
        </Field>
        <FormError message={error} />
        {canEdit && (
          <div className="flex items-center justify-between gap-2">
            <button
              type="button"
              className="text-xs font-medium text-brand-700 hover:underline"
              onClick={() => setText(DEFAULT_OPT_OUT_KEYWORDS.join(", "))}
            >
              {t("useDefaults")}
            </button>
            <SaveRow label={t("save")} pending={pending} saved={saved} />
          </div>
        )}
      </fieldset>
    </form>
  );
}
