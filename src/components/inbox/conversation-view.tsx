"use client";

import { useTranslations } from "next-intl";
import { type ReactNode, useCallback, useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { MemberAvatar } from "@/components/ui/member-avatar";
import { useStoredState } from "@/components/ui/use-stored-state";
import type { LeadStage } from "@/lib/lead-status";
import type { ContactOverview } from "@/server/contacts/overview";
import type { ApprovedTemplate, ConversationDetail, MessagePage } from "@/server/inbox/queries";
import { type AssignableMember, AssigneeSelect } from "./assignee-select";
import { AssistantBar } from "./assistant-bar";
import { Composer } from "./composer";
import type { ComposerSend } from "./composer-send";
import { ContactPanel } from "./contact-panel";
import { ConversationHeader } from "./conversation-header";
import type { DisplayMessage } from "./message-bubble";
import { MessageThread } from "./message-thread";
import { TeamSelect } from "./team-select";
import { useConversation, useLiveConversation } from "./use-conversation";
import { useConversationShortcuts } from "./use-conversation-shortcuts";
import { useMessageAnchor } from "./use-message-anchor";
import { useSends } from "./use-sends";
import { useStickyScroll } from "./use-sticky-scroll";
import { useThread } from "./use-thread";

/** One open conversation: header, assistant state, the live thread, the composer, and the contact panel beside them. */
export function ConversationView({
  initialConversation,
  initialPage,
  templates,
  members,
  teams,
  currentUserId,
  assistantEnabled,
  stages,
  contactOverview,
  canEditOptOut,
  country,
}: {
  initialConversation: ConversationDetail;
  initialPage: MessagePage;
  templates: ApprovedTemplate[];
  members: AssignableMember[];
  teams?: { id: string; name: string }[];
  currentUserId: string;
  assistantEnabled: boolean;
  /** The workspace's pipeline, for the contact's lead status. */
  stages: LeadStage[];
  /** The contact panel's data (the server page's, read again after a change). */
  contactOverview: ContactOverview;
  canEditOptOut: boolean;
  country: string;
}) {
  const t = useTranslations("inbox.view");
  const [replyTo, setReplyTo] = useState<DisplayMessage | null>(null);
  const panel = useContactPanel(currentUserId);
  const [actionError, setActionError] = useState<string | null>(null);
  const {
    conversation,
    refresh: refreshConversation,
    applyListItem,
    setStatus,
    snooze,
    assign,
  } = useConversation(initialConversation, setActionError);
  const conversationId = conversation.id;
  useConversationShortcuts({
    status: conversation.status,
    assignedTo: conversation.assigned_to,
    members,
    currentUserId,
    onSetStatus: setStatus,
    onAssign: assign,
  });

  const thread = useThread(conversationId, initialPage);
  const sends = useSends({ thread, conversationId, userId: currentUserId, onSent: () => setReplyTo(null), onError: setActionError });
  const scroll = useStickyScroll(sends.messages);
  useLiveConversation(
    { conversationId, contactId: conversation.contact.id },
    {
      applyMessage: thread.applyMessage,
      applyActivity: thread.applyActivity,
      applyListItem,
      refetchMessages: thread.refresh,
      refetchConversation: refreshConversation,
    },
  );
  const { loadOlder } = thread;
  const { keepPlace, reveal } = scroll;
  const onNearTop = useCallback(() => void loadOlder(keepPlace).then((error) => error && setActionError(error)), [loadOlder, keepPlace]);
  const highlightedId = useMessageAnchor(sends.messages, thread, reveal, setActionError);

  const memberNames = new Map(members.map((m) => [m.id, m.name]));
  const memberAvatar = (id: string) => {
    const member = members.find((m) => m.id === id);
    return member ? <MemberAvatar userId={member.id} name={member.name} avatarId={member.avatarId} className="size-4 text-[7px]" /> : null;
  };
  const memberName = (id: string | null) => (id === currentUserId ? t("you") : id ? (memberNames.get(id) ?? null) : null);
  const send = (request: ComposerSend) => {
    scroll.stickToBottom();
    return sends.send(request);
  };

  return (
    <div className="flex h-full min-h-0">
      {/* The shell's "Skip to conversation" link lands here. */}
      <section id="conversation" tabIndex={-1} aria-label={t("conversation")} className="flex min-w-0 flex-1 flex-col focus:outline-none">
        <ConversationHeader
          conversation={conversation}
          members={members}
          teams={teams}
          onError={setActionError}
          currentUserId={currentUserId}
          onAssign={assign}
          onSetStatus={setStatus}
          onSnooze={snooze}
          panelOpen={panel.shown}
          onTogglePanel={panel.toggle}
        />
        <AssistantBar
          conversation={conversation}
          assistantEnabled={assistantEnabled}
          onChanged={refreshConversation}
          onError={setActionError}
        />
        <DismissibleError message={actionError} onDismiss={() => setActionError(null)} />
        <MessageThread
          messages={sends.messages}
          activity={thread.activity}
          scroller={scroll.scroller}
          onScroll={scroll.onScroll}
          hasOlder={thread.olderCursor !== null}
          loadingOlder={thread.loadingOlder}
          onNearTop={onNearTop}
          memberName={memberName}
          currentUserId={currentUserId}
          memberAvatar={memberAvatar}
          onReply={setReplyTo}
          onRetry={sends.retry}
          onDiscard={sends.discard}
          retryingId={sends.retrying}
          highlightedId={highlightedId}
        />
        <Composer
          conversationId={conversationId}
          lastCustomerMessageAt={conversation.last_customer_message_at}
          templates={templates}
          replyTo={replyTo}
          onCancelReply={() => setReplyTo(null)}
          onSend={send}
        />
      </section>
      <ContactAside drawerOpen={panel.drawerOpen} columnHidden={panel.columnHidden} onClose={panel.closeDrawer}>
        <AssignmentSection
          conversation={conversation}
          members={members}
          teams={teams ?? []}
          currentUserId={currentUserId}
          onAssign={assign}
          onError={setActionError}
        />
        <ContactPanel
          conversation={conversation}
          overview={contactOverview}
          stages={stages}
          members={members}
          currentUserId={currentUserId}
          canEditOptOut={canEditOptOut}
          country={country}
          onChanged={refreshConversation}
        />
      </ContactAside>
    </div>
  );
}

/** From xl (80rem) the panel is a column beside the thread; below it, a drawer over it. */
const WIDE = "(min-width: 80rem)";

function subscribeWide(onChange: () => void) {
  const query = window.matchMedia(WIDE);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/**
 * The contact panel's toggle: on wide screens it hides and shows the column,
 * and that choice is kept in this browser per user (localStorage: a layout
 * choice for this screen, like a split pane's width; a laptop and a wide
 * monitor may want it differently, and it needs no round trip before the
 * first paint of a thread). On narrow screens it opens a drawer, for the
 * moment only.
 */
function useContactPanel(userId: string) {
  const wide = useSyncExternalStore(
    subscribeWide,
    () => window.matchMedia(WIDE).matches,
    () => false,
  );
  const [columnHidden, setColumnHidden] = useStoredState<boolean>(`conversa:${userId}:contact-panel-hidden`, false, isFalse);
  const [drawerOpen, setDrawerOpen] = useState(false);
  return {
    columnHidden,
    drawerOpen,
    shown: wide ? !columnHidden : drawerOpen,
    toggle: () => (wide ? setColumnHidden((hidden) => !hidden) : setDrawerOpen((open) => !open)),
    closeDrawer: () => setDrawerOpen(false),
  };
}

const isFalse = (value: boolean) => !value;

/** The contact panel: a column on wide screens (unless hidden), a drawer opened from the header on narrow ones. */
function ContactAside({
  drawerOpen,
  columnHidden,
  onClose,
  children,
}: {
  drawerOpen: boolean;
  columnHidden: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  const t = useTranslations("inbox.view");
  return (
    <aside
      id="contact-details"
      aria-label={t("contactDetails")}
      className={cn(
        "w-80 shrink-0 overflow-y-auto border-l border-slate-200 bg-white",
        drawerOpen ? "fixed inset-y-0 right-0 z-30 shadow-xl" : "hidden",
        columnHidden ? "xl:hidden" : "xl:static xl:block xl:shadow-none",
      )}
    >
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3 xl:hidden">
        <span className="text-sm font-semibold">{t("details")}</span>
        <Button variant="ghost" size="sm" onClick={onClose}>
          {t("close")}
        </Button>
      </div>
      {children}
    </aside>
  );
}

/** Assignee and team in the drawer, for screens too narrow for them in the header (below lg). */
function AssignmentSection({
  conversation,
  members,
  teams,
  currentUserId,
  onAssign,
  onError,
}: {
  conversation: ConversationDetail;
  members: AssignableMember[];
  teams: { id: string; name: string }[];
  currentUserId: string;
  onAssign: (assigneeId: string) => void;
  onError: (message: string) => void;
}) {
  const t = useTranslations("inbox.view");
  return (
    <section aria-labelledby="drawer-assignment" className="space-y-3 border-b border-slate-200 p-4 lg:hidden">
      <h3 id="drawer-assignment" className="text-sm font-semibold text-slate-900">
        {t("assignment")}
      </h3>
      <Field label={t("assignedTo")} htmlFor="drawer-assignee">
        <AssigneeSelect
          id="drawer-assignee"
          assignedTo={conversation.assigned_to}
          members={members}
          currentUserId={currentUserId}
          onAssign={onAssign}
          className="w-full"
        />
      </Field>
      {teams.length > 0 && (
        <Field label={t("team")} htmlFor="drawer-team">
          <TeamSelect
            id="drawer-team"
            conversationId={conversation.id}
            teamId={conversation.team_id}
            teams={teams}
            onError={onError}
            className="w-full"
          />
        </Field>
      )}
    </section>
  );
}

function DismissibleError({ message, onDismiss }: { message: string | null; onDismiss: () => void }) {
  const t = useTranslations("inbox.view");
  if (!message) return null;
  return (
    <p role="alert" className="flex items-center justify-between bg-red-50 px-4 py-2 text-sm text-red-700">
      {message}
      <button type="button" className="text-xs underline" onClick={onDismiss}>
        {t("dismiss")}
      </button>
    </p>
  );
}
