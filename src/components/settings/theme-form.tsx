"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { setMyTheme } from "@/app/actions/theme";
import { Card } from "@/components/ui/card";
import { Field, FormError, FormStatus, Select } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { isTheme, type Theme } from "@/lib/themes";

const FOLLOW_SYSTEM = "system";

/** Light, dark, or the system's (the default). Saved on change; the page follows at once. */
export function ThemeForm({ chosen }: { chosen: Theme | null }) {
  const t = useTranslations("profile.theme");
  const id = useId();
  const [saved, setSaved] = useState(false);
  const { pending, error, submit } = useAction();
  return (
    <Card title={t("title")} description={t("description")}>
      <form
        onChange={(event) => event.currentTarget.requestSubmit()}
        onSubmit={submit(
          (data) => {
            const value = data.get("theme");
            setSaved(false);
            return setMyTheme({ theme: isTheme(value) ? value : null });
          },
          () => setSaved(true),
        )}
        className="space-y-4"
      >
        <Field label={t("label")} htmlFor={`${id}-theme`}>
          <Select id={`${id}-theme`} name="theme" defaultValue={chosen ?? FOLLOW_SYSTEM} disabled={pending}>
            <option value={FOLLOW_SYSTEM}>{t("system")}</option>
            <option value="light">{t("light")}</option>
            <option value="dark">{t("dark")}</option>
          </Select>
        </Field>
        <FormError message={error} />
        <FormStatus message={saved ? t("saved") : null} />
      </form>
    </Card>
  );
}
