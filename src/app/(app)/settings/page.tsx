import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { BusinessHoursForm } from "@/components/settings/business-hours-form";
import { SignOutEverywhereButton } from "@/components/settings/sign-out-everywhere-button";
import { WorkspaceForm } from "@/components/settings/workspace-form";
import { Card } from "@/components/ui/card";
import { timeZoneOptions } from "@/lib/business-hours";
import { countryOptions } from "@/lib/countries";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/lib/locales";
import { isAdminRole } from "@/lib/roles";
import { firstWeekday, weekdaysFrom } from "@/lib/week-start";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.workspace");
  return { title: t("metaTitle") };
}

export default async function WorkspaceSettingsPage() {
  const { workspace } = await requireWorkspaceContext();
  const [t, locale] = await Promise.all([getTranslations("settings.workspace"), getLocale()]);
  const canEdit = isAdminRole(workspace.role);
  const timeZones = timeZoneOptions();
  // Country names in the reader's language, named here: the browser's ICU may name them otherwise.
  const countries = countryOptions(locale);
  const marketLocale: Locale = isLocale(workspace.default_locale) ? workspace.default_locale : DEFAULT_LOCALE;
  return (
    <>
      <Card title={t("title")} description={canEdit ? t("description") : t("readOnly")}>
        <WorkspaceForm
          key={workspace.id}
          mode="update"
          countries={countries}
          timeZones={timeZones}
          initial={{
            name: workspace.name,
            defaultCountry: workspace.default_country,
            timeZone: workspace.time_zone,
            defaultLocale: marketLocale,
          }}
          disabled={!canEdit}
        />
      </Card>
      <Card title={t("hoursTitle")} description={t("hoursDescription")}>
        <BusinessHoursForm
          key={`${workspace.id}-${workspace.time_zone}-${marketLocale}`}
          initial={workspace.business_hours}
          timeZone={workspace.time_zone}
          days={weekdaysFrom(firstWeekday(marketLocale))}
          disabled={!canEdit}
        />
      </Card>
      <Card title={t("newTitle")} description={t("newDescription")}>
        <WorkspaceForm mode="create" countries={countries} timeZones={timeZones} />
      </Card>
      <Card title={t("sessionsTitle")} description={t("sessionsDescription")}>
        <SignOutEverywhereButton />
      </Card>
    </>
  );
}
