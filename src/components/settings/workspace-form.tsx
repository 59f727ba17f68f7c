"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useState, useSyncExternalStore } from "react";
import { createWorkspace, updateWorkspace } from "@/app/actions/workspaces";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { SaveRow } from "@/components/ui/save-row";
import { field, useAction } from "@/components/ui/use-action";
import type { CountryOption } from "@/lib/countries";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/lib/locales";

const subscribe = () => () => {};

/** The browser's time zone after hydration (the server renders UTC): a new workspace's likely zone. */
function useBrowserTimeZone() {
  return useSyncExternalStore(
    subscribe,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => "UTC",
  );
}

/** Creates a workspace, or edits the current one when `initial` is given. */
export function WorkspaceForm({
  mode,
  initial,
  disabled,
  countries,
  timeZones,
}: {
  mode: "create" | "update";
  countries: CountryOption[];
  timeZones: string[];
  initial?: { name: string; defaultCountry: string; timeZone: string; defaultLocale: Locale };
  disabled?: boolean;
}) {
  const t = useTranslations("settings.workspaceForm");
  const browserTimeZone = useBrowserTimeZone();
  const defaultTimeZone = initial?.timeZone ?? (timeZones.includes(browserTimeZone) ? browserTimeZone : "UTC");
  // A new workspace speaks the language its creator is reading now.
  const readingLocale = useLocale();
  const router = useRouter();
  // A refresh in the same tick would cancel the navigation after creating; that action already revalidated the layout.
  const { pending, error, errorTechnical, fieldErrors, submit } = useAction({ refresh: mode === "update" });
  const [saved, setSaved] = useState(false);
  const idPrefix = `workspace-${mode}`;

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        setSaved(false);
        submit(
          (form) => {
            const input = {
              name: field(form, "name"),
              defaultCountry: field(form, "defaultCountry"),
              timeZone: field(form, "timeZone"),
              defaultLocale: field(form, "defaultLocale") as Locale,
            };
            return mode === "create" ? createWorkspace(input) : updateWorkspace(input);
          },
          () => (mode === "create" ? router.push("/inbox") : setSaved(true)),
        )(event);
      }}
    >
      <fieldset disabled={disabled || pending} className="grid gap-4 sm:grid-cols-2">
        <Field error={fieldErrors.name} label={t("name")} htmlFor={`${idPrefix}-name`}>
          <Input
            id={`${idPrefix}-name`}
            name="name"
            error={fieldErrors.name}
            required
            maxLength={80}
            defaultValue={initial?.name}
            placeholder={t("namePlaceholder")}
          />
        </Field>
        <Field error={fieldErrors.defaultCountry} label={t("country")} htmlFor={`${idPrefix}-country`} hint={t("countryHint")}>
          <Select
            id={`${idPrefix}-country`}
            name="defaultCountry"
            error={fieldErrors.defaultCountry}
            defaultValue={initial?.defaultCountry ?? "ID"}
          >
            {countries.map((country) => (
              <option key={country.code} value={country.code}>
                {country.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field error={fieldErrors.timeZone} label={t("timeZone")} htmlFor={`${idPrefix}-time-zone`} hint={t("timeZoneHint")}>
          {/* Keyed by the default so the browser's zone, known only after hydration, is selected. */}
          <Select
            key={defaultTimeZone}
            id={`${idPrefix}-time-zone`}
            name="timeZone"
            error={fieldErrors.timeZone}
            defaultValue={defaultTimeZone}
          >
            {timeZones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll("_", " ")}
              </option>
            ))}
          </Select>
        </Field>
        <Field error={fieldErrors.defaultLocale} label={t("language")} htmlFor={`${idPrefix}-locale`} hint={t("languageHint")}>
          <Select
            id={`${idPrefix}-locale`}
            name="defaultLocale"
            error={fieldErrors.defaultLocale}
            defaultValue={initial?.defaultLocale ?? readingLocale}
          >
            {LOCALES.map((locale) => (
              <option key={locale} value={locale} lang={locale}>
                {LOCALE_NAMES[locale]}
              </option>
            ))}
          </Select>
        </Field>
      </fieldset>
      <FormError message={error} detail={errorTechnical} />
      {!disabled && <SaveRow label={mode === "create" ? t("create") : t("save")} pending={pending} saved={saved} />}
    </form>
  );
}
