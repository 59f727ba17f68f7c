"use client";

import { Link2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { updateContact } from "@/app/actions/contacts";
import { linkContactToConversation } from "@/app/actions/inbox";
import { ContactPicker } from "@/components/contacts/contact-picker";
import { KapsoLink } from "@/components/contacts/kapso-link";
import { splitTags } from "@/components/contacts/tags";
import { OptOutBadge } from "@/components/outreach/opt-out-badge";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { field, useAction } from "@/components/ui/use-action";
import { formatPhone } from "@/lib/format";
import { type LeadStage, stageOf } from "@/lib/lead-status";
import type { ConversationDetail } from "@/server/inbox/queries";
import { LabelChip } from "./label-chip";
import { LabelPicker } from "./label-picker";

/** The customer behind the conversation: editable CRM fields, and linking the chat to another contact. */
export function ContactPanel({
  conversation,
  stages,
  onChanged,
}: {
  conversation: ConversationDetail;
  stages: LeadStage[];
  onChanged: () => void;
}) {
  const contact = conversation.contact;
  // The conversation view refetches the contact itself (onChanged); no page refresh.
  const { pending: saving, error, submit } = useAction({ refresh: false });
  const [saved, setSaved] = useState(false);
  const save = submit(
    (form) =>
      updateContact({
        contactId: contact.id,
        name: field(form, "name"),
        leadStatus: String(form.get("leadStatus") ?? contact.lead_status),
        tags: splitTags(field(form, "tags")),
        notes: field(form, "notes"),
      }),
    () => {
      setSaved(true);
      onChanged();
    },
  );

  return (
    <div className="space-y-6 p-4">
      <form
        onSubmit={(event) => {
          setSaved(false);
          save(event);
        }}
        className="space-y-3"
        key={`${contact.id}:${contact.name}:${contact.lead_status}:${contact.tags.join(",")}`}
      >
        <div className="flex items-center justify-between gap-2">
          <h3 className="text-sm font-semibold text-slate-900">Contact</h3>
          <Link href={`/contacts/${contact.id}`} className="text-xs font-medium text-brand-700 hover:underline">
            Open contact page
          </Link>
        </div>
        {contact.opted_out_at && <OptOutBadge optedOutAt={contact.opted_out_at} />}
        <dl className="space-y-1 text-sm">
          <div className="flex justify-between gap-2">
            <dt className="text-slate-500">Phone</dt>
            <dd className="text-right text-slate-800">{formatPhone(contact.phone_e164) || contact.wa_id || "Hidden by WhatsApp"}</dd>
          </div>
          {contact.profile_name && (
            <div className="flex justify-between gap-2">
              <dt className="text-slate-500">WhatsApp name</dt>
              <dd className="text-right text-slate-800">{contact.profile_name}</dd>
            </div>
          )}
          {conversation.kapso_conversation_url && (
            <div className="flex justify-between gap-2">
              <dt className="text-slate-500">Kapso</dt>
              <dd>
                <KapsoLink href={conversation.kapso_conversation_url} />
              </dd>
            </div>
          )}
        </dl>
        <Field label="Name" htmlFor="contact-name">
          <Input id="contact-name" name="name" defaultValue={contact.name ?? ""} placeholder={contact.profile_name ?? "Name"} />
        </Field>
        <Field label="Lead status" htmlFor="contact-status">
          <Select id="contact-status" name="leadStatus" defaultValue={contact.lead_status}>
            {(stages.some((s) => s.key === contact.lead_status) ? stages : [...stages, stageOf(stages, contact.lead_status)]).map(
              (stage) => (
                <option key={stage.key} value={stage.key}>
                  {stage.label}
                </option>
              ),
            )}
          </Select>
        </Field>
        <Field label="Tags" htmlFor="contact-tags" hint="Separate with commas">
          <Input id="contact-tags" name="tags" defaultValue={contact.tags.join(", ")} />
        </Field>
        <Field label="Notes" htmlFor="contact-notes">
          <textarea
            id="contact-notes"
            name="notes"
            defaultValue={contact.notes ?? ""}
            rows={3}
            className="block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-600 focus:outline-none"
          />
        </Field>
        <FormError message={error} />
        <div className="flex items-center justify-end gap-2">
          {saved && <span className="text-xs text-emerald-700">Saved</span>}
          <Button type="submit" size="sm" pending={saving}>
            Save contact
          </Button>
        </div>
      </form>
      <ConversationLabels conversation={conversation} onChanged={onChanged} />
      <LinkContact conversationId={conversation.id} currentContactId={contact.id} onLinked={onChanged} />
    </div>
  );
}

/** This conversation's labels, beside (and distinct from) the contact's tags above. */
function ConversationLabels({ conversation, onChanged }: { conversation: ConversationDetail; onChanged: () => void }) {
  return (
    <section aria-labelledby="conversation-labels" className="space-y-2 border-t border-slate-200 pt-4">
      <div className="flex items-center justify-between gap-2">
        <h3 id="conversation-labels" className="text-sm font-semibold text-slate-900">
          Conversation labels
        </h3>
        <LabelPicker
          conversationId={conversation.id}
          labels={conversation.labels}
          onChange={onChanged}
          name="Edit conversation labels"
          compact
        />
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
        <p className="text-xs text-slate-500">None. Labels sort this conversation; tags above describe the contact.</p>
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
  return (
    <div className="space-y-2 border-t border-slate-200 pt-4">
      <h3 className="flex items-center gap-1.5 text-sm font-semibold text-slate-900">
        <Link2 className="size-4" aria-hidden /> Link to another contact
      </h3>
      <p className="text-xs text-slate-500">When this chat belongs to a lead you already know (for example their second number).</p>
      <ContactPicker
        excludeId={currentContactId}
        actionLabel="Link"
        searchLabel="Find contact"
        onPick={async (contact) => {
          const result = await linkContactToConversation({ conversationId, contactId: contact.id });
          if (result.ok) onLinked();
          return result;
        }}
      />
    </div>
  );
}
