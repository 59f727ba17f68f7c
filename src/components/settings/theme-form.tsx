"use client";

import { useTranslations } from "next-intl";
import { setMyTheme } from "@/app/actions/theme";
import { isTheme, type Theme } from "@/lib/themes";
import { PreferenceCard } from "./preference-card";

/** Light, dark, or the system's (the default). */
export function ThemeForm({ chosen }: { chosen: Theme | null }) {
  const t = useTranslations("profile.theme");
  return (
    <PreferenceCard
      texts={{ title: t("title"), description: t("description"), label: t("label"), saved: t("saved") }}
      noChoice="system"
      options={[
        { value: "system", label: t("system") },
        { value: "light", label: t("light") },
        { value: "dark", label: t("dark") },
      ]}
      chosen={chosen}
      save={(value) => setMyTheme({ theme: isTheme(value) ? value : null })}
    />
  );
}
