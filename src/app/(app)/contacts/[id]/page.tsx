import { ArrowLeft, MessageCircle } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getNow, getTranslations } from "next-intl/server";
import { z } from "zod";
import { ContactConversations } from "@/components/contacts/contact-conversations";
import { ContactDetailsForm } from "@/components/contacts/contact-details-form";
import { ContactTimeline } from "@/components/contacts/contact-timeline";
import { DeleteContactButton } from "@/components/contacts/delete-contact-button";
import { KapsoLink } from "@/components/contacts/kapso-link";
import { MergeContact } from "@/components/contacts/merge-contact";
import { isKnownSource } from "@/components/contacts/source";
import { StageBadge } from "@/components/contacts/stage-badge";
import { OptOutBadge } from "@/components/outreach/opt-out-badge";
import { OptOutControl } from "@/components/outreach/opt-out-control";
import { SendWhatsAppButton } from "@/components/outreach/send-whatsapp-button";
import { Card } from "@/components/ui/card";
import { formatPhone } from "@/lib/format";
import { isAdminRole } from "@/lib/roles";
import { getContactOverview } from "@/server/contacts/overview";
import { listStages } from "@/server/contacts/queries";
import { asUser } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { requireWorkspaceContext } from "@/server/workspaces/context";
import { listMembers } from "@/server/workspaces/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("contacts.contact");
  return { title: t("title") };
}

export default async function ContactPage({ params }: { params: Promise<{ id: string }> }) {
  const { claims, workspace } = await requireWorkspaceContext();
  const contactId = z.uuid().safeParse((await params).id);
  if (!contactId.success) notFound();
  const data = await asUser(claims, async (tx) => {
    const overview = await getContactOverview(tx, workspace.id, contactId.data, { timelineLimit: 50 });
    const [stages, members] = await Promise.all([listStages(tx, workspace.id), listMembers(tx, workspace.id)]);
    return { ...overview, stages, members };
  }).catch((error) => {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  });
  if (!data) notFound();
  const [t, format, now] = await Promise.all([getTranslations("contacts"), getFormatter(), getNow()]);
  const { contact, stages, optOut } = data;
  const members = data.members.map((m) => ({ id: m.user_id, name: m.full_name }));
  const displayName = contact.name ?? contact.profile_name ?? contact.username ?? (formatPhone(contact.phone_e164) || t("contact.unnamed"));
  const source = isKnownSource(contact.source) ? t(`sources.${contact.source}`) : contact.source;
  const active = format.relativeTime(new Date(contact.last_activity_at), now);
  const latest = contact.conversations[0];

  return (
    <div className="mx-auto max-w-6xl space-y-6 p-4 sm:p-6">
      <div className="space-y-3">
        <Link href="/contacts" className="inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800">
          <ArrowLeft className="size-4" aria-hidden /> {t("page.title")}
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <h1 className="truncate text-xl font-semibold text-slate-900">{displayName}</h1>
              <StageBadge stages={stages} status={contact.lead_status} />
              {optOut.opted_out_at && <OptOutBadge optedOutAt={optOut.opted_out_at} />}
            </div>
            <p className="mt-1 text-sm text-slate-500">
              <span className="tabular-nums">{formatPhone(contact.phone_e164) || t("contact.noPhone")}</span>
              {contact.profile_name &&
                contact.profile_name !== displayName &&
                ` · ${t("contact.whatsappName", { name: contact.profile_name })}`}
              {" · "}
              {t.rich("contact.sourceActive", {
                source,
                active,
                capitalize: (chunks) => <span className="capitalize">{chunks}</span>,
              })}
            </p>
            <KapsoLink href={contact.kapso_conversation_url} className="mt-1" />
          </div>
          <div className="flex flex-wrap gap-2">
            {(contact.phone_e164 || contact.wa_id) && <SendWhatsAppButton contactId={contact.id} contactName={displayName} />}
            {latest && (
              <Link
                href={`/inbox/${latest.id}`}
                className="inline-flex h-9 items-center gap-1.5 rounded-md bg-brand-700 px-3.5 text-sm font-medium text-white hover:bg-brand-800"
              >
                <MessageCircle className="size-4" aria-hidden /> {t("list.openConversation")}
              </Link>
            )}
          </div>
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-6">
          <Card title={t("contact.details")}>
            <ContactDetailsForm
              contact={contact}
              stages={stages}
              fields={data.fields}
              members={members}
              country={workspace.default_country}
            />
          </Card>
          {contact.conversations.length > 1 && (
            <Card title={t("conversations.label")} description={t("contact.conversationsDescription")}>
              <ContactConversations conversations={contact.conversations} />
            </Card>
          )}
          <Card title={t("contact.broadcasts")}>
            <OptOutControl
              contactId={contact.id}
              optedOutAt={optOut.opted_out_at}
              source={optOut.opted_out_source}
              reason={optOut.opted_out_reason}
              canEdit={isAdminRole(workspace.role)}
            />
          </Card>
          {isAdminRole(workspace.role) && (
            <>
              <Card title={t("contact.merge")}>
                <MergeContact contactId={contact.id} contactName={displayName} />
              </Card>
              <Card title={t("delete.submit")}>
                <DeleteContactButton contactId={contact.id} contactName={displayName} />
              </Card>
            </>
          )}
        </div>
        <Card title={t("timeline.label")}>
          <ContactTimeline contactId={contact.id} initial={data.timeline} stages={stages} members={members} currentUserId={claims.sub} />
        </Card>
      </div>
    </div>
  );
}
