import { UsersRound } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { CreateTeamForm, NumberDefaultTeams, TeamEditor, VisibilitySetting } from "@/components/settings/teams";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatPhone } from "@/lib/format";
import { canonicalizePhone } from "@/lib/phone";
import { isAdminRole } from "@/lib/roles";
import { asUser } from "@/server/db/client";
import { memberAvailabilities } from "@/server/teams/availability";
import { channelDefaultTeams, conversationVisibility, listTeams } from "@/server/teams/queries";
import { requireWorkspaceContext } from "@/server/workspaces/context";
import { listMembers } from "@/server/workspaces/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.teams");
  return { title: t("metaTitle") };
}

export default async function TeamsPage() {
  const { claims, workspace } = await requireWorkspaceContext();
  if (!isAdminRole(workspace.role)) redirect("/settings");
  const t = await getTranslations("settings.teams");
  const { teams, members, availability, channels, visibility } = await asUser(claims, async (tx) => ({
    teams: await listTeams(tx, workspace.id),
    members: await listMembers(tx, workspace.id),
    availability: await memberAvailabilities(tx, workspace.id),
    channels: await channelDefaultTeams(tx, workspace.id),
    visibility: await conversationVisibility(tx, workspace.id),
  }));
  const memberOptions = members.map((m) => ({
    userId: m.user_id,
    name: m.full_name,
    email: m.email,
    availability: availability.get(m.user_id) ?? ("offline" as const),
  }));
  const numbers = channels.map((c) => {
    const e164 = c.display_phone_number ? canonicalizePhone(c.display_phone_number) : null;
    return {
      channelId: c.id,
      title: e164 ? formatPhone(e164) : (c.display_phone_number ?? c.name ?? t("numberFallback", { id: c.phone_number_id })),
      defaultTeamId: c.default_team_id,
    };
  });
  return (
    <>
      <Card title={t("visibilityTitle")} description={t("visibilityDescription")}>
        <VisibilitySetting visibility={visibility} />
      </Card>
      <Card title={t("createTitle")} description={t("createDescription")}>
        <CreateTeamForm />
      </Card>
      {teams.length === 0 ? (
        <Card title={t("listTitle")}>
          <EmptyState icon={UsersRound} title={t("emptyTitle")}>
            {t("emptyBody")}
          </EmptyState>
        </Card>
      ) : (
        teams.map((team) => (
          <Card key={team.id} title={team.name} description={team.description ?? undefined}>
            <TeamEditor
              key={`${team.id}-${team.auto_assign}-${team.assignment_cap}`}
              team={{
                id: team.id,
                name: team.name,
                description: team.description,
                autoAssign: team.auto_assign,
                assignmentCap: team.assignment_cap,
                memberIds: team.member_ids,
                queued: team.queued,
              }}
              members={memberOptions}
            />
          </Card>
        ))
      )}
      {teams.length > 0 && numbers.length > 0 && (
        <Card title={t("defaultsTitle")} description={t("defaultsDescription")}>
          <NumberDefaultTeams numbers={numbers} teams={teams.map((team) => ({ id: team.id, name: team.name }))} />
        </Card>
      )}
    </>
  );
}
