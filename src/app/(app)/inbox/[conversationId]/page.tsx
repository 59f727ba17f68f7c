import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { ConversationView } from "@/components/inbox/conversation-view";
import { isAdminRole } from "@/lib/roles";
import { getAiSettings } from "@/server/ai/settings";
import { getContactOverview } from "@/server/contacts/overview";
import { listStages } from "@/server/contacts/queries";
import { asUser } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { getConversation, listApprovedTemplates, listMessages, THREAD_PAGE_SIZE } from "@/server/inbox/queries";
import { avatarIds } from "@/server/profile/avatars";
import { memberAvailabilities } from "@/server/teams/availability";
import { teamOptions } from "@/server/teams/queries";
import { requireWorkspaceContext } from "@/server/workspaces/context";
import { listMembers } from "@/server/workspaces/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("inbox.page");
  return { title: t("conversationTitle") };
}

export default async function ConversationPage({ params }: { params: Promise<{ conversationId: string }> }) {
  const { claims, workspace } = await requireWorkspaceContext();
  const conversationId = z.uuid().safeParse((await params).conversationId);
  if (!conversationId.success) notFound();
  const data = await asUser(claims, async (tx) => {
    const conversation = await getConversation(tx, workspace.id, conversationId.data);
    const [page, templates, members, assistant, stages, teams, availability, contactOverview] = await Promise.all([
      listMessages(tx, workspace.id, conversation.id, { limit: THREAD_PAGE_SIZE, activity: true }),
      listApprovedTemplates(tx, workspace.id, conversation.channel_id),
      listMembers(tx, workspace.id),
      getAiSettings(tx, workspace.id),
      listStages(tx, workspace.id),
      teamOptions(tx, workspace.id),
      memberAvailabilities(tx, workspace.id),
      getContactOverview(tx, workspace.id, conversation.contact_id, { timelineLimit: 10 }),
    ]);
    const avatars = await avatarIds(
      tx,
      members.map((m) => m.user_id),
    );
    return {
      conversation,
      page,
      templates,
      members,
      assistantEnabled: assistant.enabled,
      stages,
      teams,
      availability,
      contactOverview,
      avatars,
    };
  }).catch((error) => {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  });
  if (!data) notFound();
  return (
    <ConversationView
      key={data.conversation.id}
      initialConversation={data.conversation}
      initialPage={data.page}
      templates={data.templates}
      members={data.members.map((m) => ({
        id: m.user_id,
        name: m.full_name,
        availability: data.availability.get(m.user_id) ?? "offline",
        avatarId: data.avatars.get(m.user_id) ?? null,
      }))}
      teams={data.teams}
      currentUserId={claims.sub}
      assistantEnabled={data.assistantEnabled}
      stages={data.stages}
      contactOverview={data.contactOverview}
      canEditOptOut={isAdminRole(workspace.role)}
      country={workspace.default_country}
    />
  );
}
