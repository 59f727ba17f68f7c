"use client";

import { ArrowLeft, CheckCircle2, PanelRight, RotateCcw } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { StatusBadge } from "@/components/ui/status-badge";
import { useWakeTime } from "@/components/ui/use-times";
import type { ConversationStatus } from "@/lib/conversation-status";
import { formatPhone } from "@/lib/format";
import type { ConversationDetail } from "@/server/inbox/queries";
import type { SnoozeTime } from "@/server/inbox/status";
import { type AssignableMember, AssigneeSelect } from "./assignee-select";
import { Avatar, contactTitle } from "./conversation-row";
import { ConversationStatusMenu } from "./conversation-status-menu";
import { LabelChip } from "./label-chip";
import { LabelPicker } from "./label-picker";
import { TeamSelect } from "./team-select";

/** Who the conversation is with, who it is assigned to, its status (resolve, reopen, pending, snooze), and the contact panel's toggle. */
export function ConversationHeader({
  conversation,
  members,
  teams = [],
  currentUserId,
  onAssign,
  onError,
  onSetStatus,
  onSnooze,
  panelOpen,
  onTogglePanel,
}: {
  conversation: ConversationDetail;
  members: AssignableMember[];
  teams?: { id: string; name: string }[];
  currentUserId: string;
  onAssign: (assigneeId: string) => void;
  onSetStatus: (status: Exclude<ConversationStatus, "snoozed">) => void;
  onSnooze: (time: SnoozeTime, until: string | null) => void;
  onError: (message: string) => void;
  panelOpen: boolean;
  onTogglePanel: () => void;
}) {
  const t = useTranslations("inbox.header");
  const wakeTime = useWakeTime();
  const title = contactTitle(conversation, t("unknownContact"));
  return (
    <header className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 bg-white px-3 py-2.5 sm:px-4">
      <Link href="/inbox" className="rounded-md p-1 text-slate-500 hover:bg-slate-100 md:hidden" aria-label={t("back")}>
        <ArrowLeft className="size-5" />
      </Link>
      <Avatar name={title} className="size-9 text-sm" />
      {/*
        Never squeezed away by the controls beside it: sized by its content (flex-basis auto, not 0 as
        flex-1 had, which left it 160px at 1024–1440 px), so the controls wrap to a second line instead.
      */}
      <div className="min-w-40 flex-auto">
        <h2 className="truncate font-semibold text-slate-900">{title}</h2>
        <p className="truncate text-xs text-slate-500">
          {conversation.channel_name
            ? t("numberVia", {
                number: formatPhone(conversation.phone_e164) || conversation.contact.wa_id || "",
                channel: conversation.channel_name,
              })
            : formatPhone(conversation.phone_e164) || conversation.contact.wa_id}
        </p>
        {conversation.labels.length > 0 && (
          <ul aria-label={t("labels")} className="mt-0.5 flex flex-wrap gap-1">
            {conversation.labels.map((label) => (
              <li key={label.id}>
                <LabelChip name={label.name} color={label.color} />
              </li>
            ))}
          </ul>
        )}
        {conversation.broadcast_id && (
          <Link href={`/broadcasts/${conversation.broadcast_id}`} className="block truncate text-xs text-brand-700 hover:underline">
            {t("fromBroadcast", { name: conversation.broadcast_name ?? "" })}
          </Link>
        )}
      </div>
      <LabelPicker conversationId={conversation.id} labels={conversation.labels} name={t("labels")} />
      {/* Below lg these two live in the details drawer (conversation-view.tsx), where they have room. */}
      <div className="hidden items-center gap-2 lg:flex">
        <label className="sr-only" htmlFor="conversation-team">
          {t("team")}
        </label>
        <TeamSelect
          id="conversation-team"
          conversationId={conversation.id}
          teamId={conversation.team_id}
          teams={teams}
          onError={onError}
          className="max-w-32"
        />
        <label className="sr-only" htmlFor="assignee">
          {t("assignedTo")}
        </label>
        <AssigneeSelect
          id="assignee"
          assignedTo={conversation.assigned_to}
          members={members}
          currentUserId={currentUserId}
          onAssign={onAssign}
          className="max-w-36"
        />
      </div>
      {conversation.status !== "open" && (
        <span className="flex shrink-0 items-center gap-1 text-xs text-slate-500" data-testid="conversation-status">
          <StatusBadge kind="conversation" status={conversation.status} />
          {conversation.status === "snoozed" && conversation.snoozed_until && (
            <span className="max-md:sr-only">{t("until", { time: wakeTime(new Date(conversation.snoozed_until), new Date()) })}</span>
          )}
        </span>
      )}
      {conversation.status === "resolved" ? (
        <Button variant="secondary" size="sm" onClick={() => onSetStatus("open")}>
          <RotateCcw className="size-4" aria-hidden /> <span className="max-sm:sr-only xl:max-2xl:sr-only">{t("reopen")}</span>
        </Button>
      ) : (
        <Button variant="secondary" size="sm" onClick={() => onSetStatus("resolved")}>
          <CheckCircle2 className="size-4" aria-hidden /> <span className="max-sm:sr-only xl:max-2xl:sr-only">{t("resolve")}</span>
        </Button>
      )}
      <ConversationStatusMenu status={conversation.status} onSetStatus={onSetStatus} onSnooze={onSnooze} />
      {/* A drawer below xl; from xl a column this hides and shows (remembered per user). */}
      <Button variant="ghost" size="sm" onClick={onTogglePanel} aria-label={t("contactDetails")} aria-expanded={panelOpen}>
        <PanelRight className="size-4" aria-hidden />
      </Button>
    </header>
  );
}
