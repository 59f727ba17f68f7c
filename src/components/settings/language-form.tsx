"use client";

import { useTranslations } from "next-intl";
import { setMyLanguage } from "@/app/actions/language";
import { isLocale, LOCALE_NAMES, LOCALES, type Locale } from "@/lib/locales";
import { PreferenceCard } from "./preference-card";

/** The language the signed-in user reads the app in; "your browser's" until they choose. */
export function LanguageForm({ chosen }: { chosen: Locale | null }) {
  const t = useTranslations("profile.language");
  return (
    <PreferenceCard
      texts={{ title: t("title"), description: t("description"), label: t("label"), saved: t("saved") }}
      noChoice="browser"
      options={[
        { value: "browser", label: t("followBrowser") },
        ...LOCALES.map((locale) => ({ value: locale, label: LOCALE_NAMES[locale], lang: locale })),
      ]}
      chosen={chosen}
      save={(value) => setMyLanguage({ locale: isLocale(value) ? value : null })}
    />
  );
}
