"use client";

import { ArrowDown, ArrowUp, ChevronsUpDown, MessageCircle } from "lucide-react";
import Link from "next/link";
import { useFormatter, useNow, useTranslations } from "next-intl";
import { type FormEvent, useEffect, useState } from "react";
import { bulkUpdateContacts, getContacts } from "@/app/actions/contacts";
import { SendWhatsAppButton } from "@/components/outreach/send-whatsapp-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormError, Input, Select } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { type ContactListParams, type ContactSortKey, contactListQuery } from "@/lib/contact-filters";
import { formatPhone } from "@/lib/format";
import type { LeadStage } from "@/lib/lead-status";
import type { ContactListItem, ContactPage } from "@/server/contacts/queries";
import { MemberOptions, StageOptions } from "./options";
import { isKnownSource } from "./source";
import { StageBadge } from "./stage-badge";

interface Props {
  initialPage: ContactPage;
  params: ContactListParams;
  stages: LeadStage[];
  members: { id: string; name: string }[];
}

function SortHeader({
  params,
  sort,
  children,
  className,
}: {
  params: ContactListParams;
  sort: ContactSortKey;
  children: string;
  className?: string;
}) {
  const active = params.sort === sort;
  const next = active ? (params.direction === "asc" ? "desc" : "asc") : sort === "name" ? "asc" : "desc";
  const Icon = !active ? ChevronsUpDown : params.direction === "asc" ? ArrowUp : ArrowDown;
  return (
    <th scope="col" className={className} aria-sort={active ? (params.direction === "asc" ? "ascending" : "descending") : undefined}>
      <Link
        href={`/contacts?${contactListQuery({ ...params, sort, direction: next })}`}
        className="inline-flex items-center gap-1 hover:text-slate-800"
      >
        {children}
        <Icon className="size-3.5" aria-hidden />
      </Link>
    </th>
  );
}

/** The contacts of the current filters: selectable for bulk changes, more pages on demand. */
export function ContactsTable({ initialPage, params, stages, members }: Props) {
  const t = useTranslations("contacts.list");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { items, hasMore, loadMore, loading } = useContactPages(initialPage, params, setError);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // A new server render (filters, sort, a bulk change) starts the selection over.
  useEffect(() => setSelected(new Set()), [initialPage]);
  const names = new Map(members.map((m) => [m.id, m.name]));
  const memberName = (id: string) => names.get(id) ?? t("formerMember");
  const now = useNow();

  const allSelected = items.length > 0 && items.every((c) => selected.has(c.id));
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div>
      {selected.size > 0 && (
        <BulkBar
          selected={selected}
          stages={stages}
          members={members}
          onStart={() => {
            setError(null);
            setNotice(null);
          }}
          onError={setError}
          onApplied={(notice) => {
            setNotice(notice);
            setSelected(new Set());
          }}
          onClear={() => setSelected(new Set())}
        />
      )}
      <div className="space-y-2 px-4 pt-3 empty:hidden sm:px-6">
        <FormError message={error} />
        {notice && (
          <p role="status" className="rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-700 ring-1 ring-brand-100">
            {notice}
          </p>
        )}
      </div>
      <div className="overflow-x-auto bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <ContactsHead
            params={params}
            allSelected={allSelected}
            onToggleAll={() => setSelected(allSelected ? new Set() : new Set(items.map((c) => c.id)))}
          />
          <tbody className="divide-y divide-slate-100">
            {items.map((contact) => (
              <ContactRow
                key={contact.id}
                contact={contact}
                stages={stages}
                memberName={memberName}
                now={now}
                selected={selected.has(contact.id)}
                onToggle={() => toggle(contact.id)}
              />
            ))}
          </tbody>
        </table>
      </div>
      {hasMore && (
        <div className="flex justify-center border-t border-slate-100 bg-white py-4">
          <Button variant="secondary" onClick={loadMore} pending={loading}>
            {t("loadMore")}
          </Button>
        </div>
      )}
    </div>
  );
}

/** The first page from the server render, then further pages appended; a new server render starts over. */
function useContactPages(initialPage: ContactPage, params: ContactListParams, onError: (message: string) => void) {
  const [items, setItems] = useState(initialPage.items);
  const [cursor, setCursor] = useState(initialPage.nextCursor);
  const { pending, run } = useAction({ refresh: false, onError });
  useEffect(() => {
    setItems(initialPage.items);
    setCursor(initialPage.nextCursor);
  }, [initialPage]);

  function loadMore() {
    if (!cursor) return;
    const { sort, direction, ...filters } = params;
    run(
      () => getContacts({ ...filters, sort, direction, cursor }),
      (page) => {
        setItems((current) => [...current, ...page.items]);
        setCursor(page.nextCursor);
      },
    );
  }
  return { items, hasMore: cursor !== null, loadMore, loading: pending };
}

/** Status, tag or owner for every selected contact at once. */
function BulkBar({
  selected,
  stages,
  members,
  onStart,
  onError,
  onApplied,
  onClear,
}: {
  selected: Set<string>;
  stages: LeadStage[];
  members: { id: string; name: string }[];
  onStart: () => void;
  onError: (message: string) => void;
  onApplied: (notice: string) => void;
  onClear: () => void;
}) {
  const t = useTranslations("contacts.list.bulk");
  const { pending, run } = useAction({ onError });

  function apply(change: Parameters<typeof bulkUpdateContacts>[0]["change"], done: "status" | "tag" | "ownerAssigned" | "ownerRemoved") {
    onStart();
    run(
      () => bulkUpdateContacts({ contactIds: [...selected], change }),
      ({ updated }) => onApplied(t(`done.${done}`, { count: updated })),
    );
  }

  function onBulk(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Which of the three buttons was pressed decides the change; each reads only its own field.
    const form = new FormData(event.currentTarget);
    const action = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("value");
    if (action === "status") apply({ kind: "status", status: String(form.get("status")) }, "status");
    if (action === "tag") apply({ kind: "tag", tag: String(form.get("tag") ?? "") }, "tag");
    if (action === "owner") {
      const owner = String(form.get("owner") ?? "");
      apply({ kind: "owner", ownerId: owner || null }, owner ? "ownerAssigned" : "ownerRemoved");
    }
  }

  return (
    <form
      onSubmit={onBulk}
      aria-label={t("label")}
      className="sticky top-0 z-10 flex flex-wrap items-center gap-2 border-b border-brand-100 bg-brand-50 px-4 py-2 text-sm sm:px-6"
    >
      <span className="font-medium text-brand-700" role="status">
        {t("selected", { count: selected.size })}
      </span>
      <div className="flex items-center gap-1">
        <div className="w-36">
          <Select name="status" aria-label={t("newStatus")} className="h-8 py-1" defaultValue={stages[0]?.key}>
            <StageOptions stages={stages} />
          </Select>
        </div>
        <Button type="submit" size="sm" variant="secondary" value="status" disabled={pending}>
          {t("setStatus")}
        </Button>
      </div>
      <div className="flex items-center gap-1">
        <div className="w-28">
          <Input name="tag" aria-label={t("tagToAdd")} placeholder={t("tag")} className="h-8 py-1" />
        </div>
        <Button type="submit" size="sm" variant="secondary" value="tag" disabled={pending}>
          {t("addTag")}
        </Button>
      </div>
      <div className="flex items-center gap-1">
        <div className="w-36">
          <Select name="owner" aria-label={t("newOwner")} className="h-8 py-1">
            <MemberOptions members={members} />
          </Select>
        </div>
        <Button type="submit" size="sm" variant="secondary" value="owner" disabled={pending}>
          {t("assign")}
        </Button>
      </div>
      <Button type="button" size="sm" variant="ghost" onClick={onClear}>
        {t("clear")}
      </Button>
    </form>
  );
}

function ContactsHead({ params, allSelected, onToggleAll }: { params: ContactListParams; allSelected: boolean; onToggleAll: () => void }) {
  const t = useTranslations("contacts.list.columns");
  return (
    <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
      <tr>
        <th scope="col" className="w-10 py-3 pr-2 pl-4 sm:pl-6">
          <input
            type="checkbox"
            aria-label={t("selectAll")}
            className="size-4 rounded border-slate-300 accent-brand-600"
            checked={allSelected}
            onChange={onToggleAll}
          />
        </th>
        <SortHeader params={params} sort="name" className="px-3 py-3">
          {t("name")}
        </SortHeader>
        <th scope="col" className="hidden px-3 py-3 sm:table-cell">
          {t("phone")}
        </th>
        <th scope="col" className="px-3 py-3">
          {t("status")}
        </th>
        <SortHeader params={params} sort="score" className="hidden px-3 py-3 md:table-cell">
          {t("score")}
        </SortHeader>
        <th scope="col" className="hidden px-3 py-3 lg:table-cell">
          {t("tags")}
        </th>
        <th scope="col" className="hidden px-3 py-3 xl:table-cell">
          {t("source")}
        </th>
        <th scope="col" className="hidden px-3 py-3 lg:table-cell">
          {t("owner")}
        </th>
        <SortHeader params={params} sort="last_activity" className="px-3 py-3 text-right sm:pr-6">
          {t("lastActivity")}
        </SortHeader>
      </tr>
    </thead>
  );
}

function ContactRow({
  contact,
  stages,
  memberName,
  now,
  selected,
  onToggle,
}: {
  contact: ContactListItem;
  stages: LeadStage[];
  memberName: (id: string) => string;
  now: Date;
  selected: boolean;
  onToggle: () => void;
}) {
  const t = useTranslations("contacts");
  const format = useFormatter();
  return (
    <tr key={contact.id} className={selected ? "bg-brand-50/50" : "hover:bg-slate-50"} data-testid="contact-row">
      <td className="py-3 pr-2 pl-4 sm:pl-6">
        <input
          type="checkbox"
          aria-label={t("list.select", { name: contact.name ?? formatPhone(contact.phone_e164) })}
          className="size-4 rounded border-slate-300 accent-brand-600"
          checked={selected}
          onChange={onToggle}
        />
      </td>
      <td className="max-w-56 px-3 py-3">
        <Link href={`/contacts/${contact.id}`} className="block truncate font-medium text-slate-900 hover:text-brand-700 hover:underline">
          {contact.name ?? (formatPhone(contact.phone_e164) || t("list.unnamed"))}
        </Link>
        {contact.email && <p className="truncate text-xs text-slate-500">{contact.email}</p>}
        <p className="text-xs text-slate-500 tabular-nums sm:hidden">{formatPhone(contact.phone_e164)}</p>
      </td>
      <td className="hidden px-3 py-3 whitespace-nowrap text-slate-600 tabular-nums sm:table-cell">
        <span className="inline-flex items-center gap-1.5">
          {formatPhone(contact.phone_e164) || "—"}
          {contact.conversation_id && (
            <Link
              href={`/inbox/${contact.conversation_id}`}
              aria-label={t("list.openConversation")}
              title={t("list.openConversation")}
              className="text-slate-400 hover:text-brand-700"
            >
              <MessageCircle className="size-3.5" aria-hidden />
            </Link>
          )}
          {contact.phone_e164 && (
            <SendWhatsAppButton contactId={contact.id} contactName={contact.name ?? formatPhone(contact.phone_e164)} compact />
          )}
        </span>
      </td>
      <td className="px-3 py-3">
        <StageBadge stages={stages} status={contact.lead_status} />
      </td>
      <td className="hidden px-3 py-3 text-slate-600 tabular-nums md:table-cell">{contact.lead_score}</td>
      <td className="hidden px-3 py-3 lg:table-cell">
        <div className="flex flex-wrap gap-1">
          {contact.tags.map((tag) => (
            <Badge key={tag}>{tag}</Badge>
          ))}
        </div>
      </td>
      <td className="hidden px-3 py-3 text-slate-600 capitalize xl:table-cell">
        {isKnownSource(contact.source) ? t(`sources.${contact.source}`) : contact.source}
      </td>
      <td className="hidden px-3 py-3 text-slate-600 lg:table-cell">{contact.owner_id ? memberName(contact.owner_id) : "—"}</td>
      <td className="px-3 py-3 text-right whitespace-nowrap text-slate-500 sm:pr-6">
        <time
          dateTime={contact.last_activity_at}
          title={format.dateTime(new Date(contact.last_activity_at), { dateStyle: "medium", timeStyle: "short" })}
        >
          {format.relativeTime(new Date(contact.last_activity_at), now)}
        </time>
      </td>
    </tr>
  );
}
