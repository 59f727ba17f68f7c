"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { setMyLanguage } from "@/app/actions/language";
import { Card } from "@/components/ui/card";
import { Field, FormError, FormStatus, Select } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { isLocale, LOCALE_NAMES, LOCALES, type Locale } from "@/lib/locales";

const FOLLOW_BROWSER = "browser";

/** The language the signed-in user reads the app in; "your browser's" until they choose. Saved on change, the page follows at once. */
export function LanguageForm({ chosen }: { chosen: Locale | null }) {
  const t = useTranslations("profile.language");
  const id = useId();
  const [saved, setSaved] = useState(false);
  const { pending, error, submit } = useAction();
  return (
    <Card title={t("title")} description={t("description")}>
      <form
        onChange={(event) => event.currentTarget.requestSubmit()}
        onSubmit={submit(
          (data) => {
            const value = data.get("locale");
            setSaved(false);
            return setMyLanguage({ locale: isLocale(value) ? value : null });
          },
          () => setSaved(true),
        )}
        className="space-y-4"
      >
        <Field label={t("label")} htmlFor={`${id}-locale`}>
          <Select id={`${id}-locale`} name="locale" defaultValue={chosen ?? FOLLOW_BROWSER} disabled={pending}>
            <option value={FOLLOW_BROWSER}>{t("followBrowser")}</option>
            {LOCALES.map((locale) => (
              <option key={locale} value={locale} lang={locale}>
                {LOCALE_NAMES[locale]}
              </option>
            ))}
          </Select>
        </Field>
        <FormError message={error} />
        <FormStatus message={saved ? t("saved") : null} />
      </form>
    </Card>
  );
}
