"use client";

import { Link2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { linkContactToConversation } from "@/app/actions/inbox";
import { ContactConversations } from "@/components/contacts/contact-conversations";
import { ContactDetailsForm } from "@/components/contacts/contact-details-form";
import { ContactPicker } from "@/components/contacts/contact-picker";
import { ContactTimeline } from "@/components/contacts/contact-timeline";
import { KapsoLink } from "@/components/contacts/kapso-link";
import { OptOutControl } from "@/components/outreach/opt-out-control";
import { formatPhone } from "@/lib/format";
import type { LeadStage } from "@/lib/lead-status";
import type { ContactOverview } from "@/server/contacts/overview";
import type { ConversationDetail } from "@/server/inbox/queries";
import { LabelChip } from "./label-chip";
import { LabelPicker } from "./label-picker";

/**
 * The customer behind the conversation, as their contact page has them:
 * the same details form (name, phone, email, owner, stage, tags, custom
 * fields), opt-out, their other conversations and recent activity, plus this
 * conversation's labels and linking the chat to another contact. Saving
 * refreshes the page's data (the overview comes from the server page); a
 * live change to the contact does the same.
 */
export function ContactPanel({
  conversation,
  overview,
  stages,
  members,
  currentUserId,
  canEditOptOut,
  country,
  onChanged,
}: {
  conversation: ConversationDetail;
  overview: ContactOverview;
  stages: LeadStage[];
  members: { id: string; name: string }[];
  currentUserId: string;
  /** Admins switch a contact's opt-out. */
  canEditOptOut: boolean;
  /** The workspace's country, for phone numbers typed without one. */
  country: string;
  onChanged: () => void;
}) {
  const t = useTranslations("inbox.panel");
  const { contact, optOut } = overview;
  useRefreshOnContactChange(conversation.contact);
  const otherConversations = contact.conversations.length > 1;

  return (
    <div className="space-y-6 p-4">
      <section aria-labelledby="panel-contact" className="space-y-3">
        <div className="flex items-center justify-between gap-2">
          <h3 id="panel-contact" className="text-sm font-semibold text-slate-900">
            {t("contact")}
          </h3>
          <Link href={`/contacts/${contact.id}`} className="text-xs font-medium text-brand-700 hover:underline">
            {t("openContactPage")}
          </Link>
        </div>
        <dl className="space-y-1 text-sm">
          <div className="flex justify-between gap-2">
            <dt className="text-slate-500">{t("phone")}</dt>
            <dd className="text-right text-slate-800">{formatPhone(contact.phone_e164) || contact.wa_id || t("hiddenByWhatsApp")}</dd>
          </div>
          {contact.profile_name && (
            <div className="flex justify-between gap-2">
              <dt className="text-slate-500">{t("whatsAppName")}</dt>
              <dd className="text-right text-slate-800">{contact.profile_name}</dd>
            </div>
          )}
          {conversation.kapso_conversation_url && (
            <div className="flex justify-between gap-2">
              <dt className="text-slate-500">{t("kapso")}</dt>
              <dd>
                <KapsoLink href={conversation.kapso_conversation_url} />
              </dd>
            </div>
          )}
        </dl>
        {/* Like on the contact page, the form keeps what was typed across refreshes; another contact (relinked) starts afresh. */}
        <ContactDetailsForm
          key={contact.id}
          contact={contact}
          stages={stages}
          fields={overview.fields}
          members={members}
          country={country}
        />
      </section>
      <section aria-labelledby="panel-broadcasts" className="space-y-2 border-t border-slate-200 pt-4">
        <h3 id="panel-broadcasts" className="text-sm font-semibold text-slate-900">
          {t("broadcasts")}
        </h3>
        <OptOutControl
          contactId={contact.id}
          optedOutAt={optOut.opted_out_at}
          source={optOut.opted_out_source}
          reason={optOut.opted_out_reason}
          canEdit={canEditOptOut}
        />
      </section>
      <ConversationLabels conversation={conversation} onChanged={onChanged} />
      {otherConversations && (
        <section aria-labelledby="panel-conversations" className="space-y-2 border-t border-slate-200 pt-4">
          <h3 id="panel-conversations" className="text-sm font-semibold text-slate-900">
            {t("conversations")}
          </h3>
          <p className="text-xs text-slate-500">{t("conversationsHint")}</p>
          <ContactConversations conversations={contact.conversations} currentId={conversation.id} />
        </section>
      )}
      <section aria-labelledby="panel-activity" className="space-y-2 border-t border-slate-200 pt-4">
        <h3 id="panel-activity" className="text-sm font-semibold text-slate-900">
          {t("recentActivity")}
        </h3>
        <ContactTimeline
          contactId={contact.id}
          initial={overview.timeline}
          stages={stages}
          members={members}
          currentUserId={currentUserId}
        />
      </section>
      <LinkContact conversationId={conversation.id} currentContactId={contact.id} onLinked={onChanged} />
    </div>
  );
}

/**
 * The panel's overview is the server page's: when the conversation's own
 * copy of the contact changes (a live change, another agent's edit, a relink),
 * the page's data is read again.
 */
function useRefreshOnContactChange(contact: ConversationDetail["contact"]) {
  const router = useRouter();
  const version = JSON.stringify(contact);
  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    router.refresh();
  }, [version, router]);
}

/** This conversation's labels, beside (and distinct from) the contact's tags above. */
function ConversationLabels({ conversation, onChanged }: { conversation: ConversationDetail; onChanged: () => void }) {
  const t = useTranslations("inbox.panel");
  return (
    <section aria-labelledby="conversation-labels" className="space-y-2 border-t border-slate-200 pt-4">
      <div className="flex items-center justify-between gap-2">
        <h3 id="conversation-labels" className="text-sm font-semibold text-slate-900">
          {t("labels")}
        </h3>
        <LabelPicker conversationId={conversation.id} labels={conversation.labels} onChange={onChanged} name={t("editLabels")} compact />
      </div>
      {conversation.labels.length > 0 ? (
        <ul className="flex flex-wrap gap-1">
          {conversation.labels.map((label) => (
            <li key={label.id}>
              <LabelChip name={label.name} color={label.color} className="text-xs" />
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-xs text-slate-500">{t("noLabels")}</p>
      )}
    </section>
  );
}

function LinkContact({
  conversationId,
  currentContactId,
  onLinked,
}: {
  conversationId: string;
  currentContactId: string;
  onLinked: () => void;
}) {
  const t = useTranslations("inbox.panel");
  return (
    <div className="space-y-2 border-t border-slate-200 pt-4">
      <h3 className="flex items-center gap-1.5 text-sm font-semibold text-slate-900">
        <Link2 className="size-4" aria-hidden /> {t("linkTitle")}
      </h3>
      <p className="text-xs text-slate-500">{t("linkHint")}</p>
      <ContactPicker
        excludeId={currentContactId}
        actionLabel={t("link")}
        searchLabel={t("findContact")}
        onPick={async (contact) => {
          const result = await linkContactToConversation({ conversationId, contactId: contact.id });
          if (result.ok) onLinked();
          return result;
        }}
      />
    </div>
  );
}
