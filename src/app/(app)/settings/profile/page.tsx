import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NotificationPreferences } from "@/components/notifications/notification-preferences";
import { LanguageForm } from "@/components/settings/language-form";
import { ProfileForms } from "@/components/settings/profile-forms";
import { ThemeForm } from "@/components/settings/theme-form";
import { authProvider } from "@/server/auth/mode";
import { asUser } from "@/server/db/client";
import { getChosenLocale } from "@/server/i18n/user-locale";
import { avatarIds } from "@/server/profile/avatars";
import { getChosenTheme } from "@/server/profile/user-theme";
import { requireWorkspaceContext } from "@/server/workspaces/context";
import { listMembers } from "@/server/workspaces/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("profile.page");
  return { title: t("title") };
}

export default async function ProfilePage() {
  const { claims, workspace } = await requireWorkspaceContext();
  // The name as teammates see it (list_workspace_members: the same fallback to the email's name).
  const [{ members, avatars }, chosenLocale, chosenTheme] = await Promise.all([
    asUser(claims, async (tx) => ({ members: await listMembers(tx, workspace.id), avatars: await avatarIds(tx, [claims.sub]) })),
    getChosenLocale(claims.sub),
    getChosenTheme(claims.sub),
  ]);
  const fullName = members.find((m) => m.user_id === claims.sub)?.full_name ?? "";
  return (
    <>
      <ProfileForms
        userId={claims.sub}
        email={claims.email}
        fullName={fullName}
        avatarId={avatars.get(claims.sub) ?? null}
        canChangePassword={authProvider().changePassword !== null}
      />
      <LanguageForm chosen={chosenLocale} />
      <ThemeForm chosen={chosenTheme} />
      <NotificationPreferences />
    </>
  );
}
