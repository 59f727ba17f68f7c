"use client";

import { ArrowLeft, CheckCircle2, PanelRight, RotateCcw } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import type { ConversationStatus } from "@/lib/conversation-status";
import { formatPhone } from "@/lib/format";
import type { ConversationDetail } from "@/server/inbox/queries";
import { Avatar, contactTitle } from "./conversation-row";
import { LabelChip } from "./label-chip";
import { LabelPicker } from "./label-picker";

/** Who the conversation is with, who it is assigned to, archiving, and the contact panel's toggle. */
export function ConversationHeader({
  conversation,
  members,
  currentUserId,
  onAssign,
  onSetStatus,
  panelOpen,
  onTogglePanel,
}: {
  conversation: ConversationDetail;
  members: { id: string; name: string }[];
  currentUserId: string;
  onAssign: (assigneeId: string) => void;
  onSetStatus: (status: ConversationStatus, snoozedUntil?: string | null) => void;
  panelOpen: boolean;
  onTogglePanel: () => void;
}) {
  const title = contactTitle(conversation);
  return (
    <header className="flex items-center gap-3 border-b border-slate-200 bg-white px-3 py-2.5 sm:px-4">
      <Link href="/inbox" className="rounded-md p-1 text-slate-500 hover:bg-slate-100 md:hidden" aria-label="Back to conversations">
        <ArrowLeft className="size-5" />
      </Link>
      <Avatar name={title} className="size-9 text-sm" />
      <div className="min-w-0 flex-1">
        <h2 className="truncate font-semibold text-slate-900">{title}</h2>
        <p className="truncate text-xs text-slate-500">
          {formatPhone(conversation.phone_e164) || conversation.contact.wa_id}
          {conversation.channel_name && ` · via ${conversation.channel_name}`}
        </p>
        {conversation.labels.length > 0 && (
          <ul aria-label="Labels" className="mt-0.5 flex flex-wrap gap-1">
            {conversation.labels.map((label) => (
              <li key={label.id}>
                <LabelChip name={label.name} color={label.color} />
              </li>
            ))}
          </ul>
        )}
      </div>
      <LabelPicker conversationId={conversation.id} labels={conversation.labels} name="Labels" />
      <label className="sr-only" htmlFor="assignee">
        Assigned to
      </label>
      <select
        id="assignee"
        value={conversation.assigned_to ?? ""}
        onChange={(e) => onAssign(e.target.value)}
        className="hidden max-w-36 rounded-md border-0 py-1.5 pr-7 pl-2 text-sm ring-1 ring-slate-300 lg:block"
      >
        <option value="">Unassigned</option>
        {members.map((m) => (
          <option key={m.id} value={m.id}>
            {m.id === currentUserId ? `${m.name} (you)` : m.name}
          </option>
        ))}
      </select>
      {conversation.status === "open" ? (
        <Button variant="secondary" size="sm" onClick={() => onSetStatus("resolved")}>
          <CheckCircle2 className="size-4" aria-hidden /> <span className="max-sm:sr-only xl:max-2xl:sr-only">Resolve</span>
        </Button>
      ) : (
        <Button variant="secondary" size="sm" onClick={() => onSetStatus("open")}>
          <RotateCcw className="size-4" aria-hidden /> <span className="max-sm:sr-only xl:max-2xl:sr-only">Reopen</span>
        </Button>
      )}
      {/* From xl the panel is a column that is always shown. */}
      <Button
        variant="ghost"
        size="sm"
        className="xl:hidden"
        onClick={onTogglePanel}
        aria-label="Contact details"
        aria-expanded={panelOpen}
      >
        <PanelRight className="size-4" aria-hidden />
      </Button>
    </header>
  );
}
