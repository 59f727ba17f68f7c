import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { BroadcastView } from "@/components/broadcasts/broadcast-view";
import { maySendBroadcasts } from "@/server/broadcasts/commands";
import { failureGroups, getBroadcast, listRecipients } from "@/server/broadcasts/queries";
import { asUser } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("broadcasts.view");
  return { title: t("title") };
}

export default async function BroadcastPage({ params }: { params: Promise<{ id: string }> }) {
  const { claims, workspace } = await requireWorkspaceContext();
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const data = await asUser(claims, async (tx) => {
    const [broadcast, failures, recipients, maySend] = await Promise.all([
      getBroadcast(tx, workspace.id, id.data),
      failureGroups(tx, workspace.id, id.data),
      listRecipients(tx, workspace.id, id.data, { limit: 50 }),
      maySendBroadcasts(tx, workspace.id),
    ]);
    return { broadcast, failures, recipients, maySend };
  }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  return <BroadcastView initial={data} maySend={data.maySend} timeZone={workspace.time_zone} />;
}
