"use client";

import { type ReactNode, useCallback, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { Availability } from "@/lib/availability";
import type { LeadStage } from "@/lib/lead-status";
import type { ApprovedTemplate, ConversationDetail, MessagePage } from "@/server/inbox/queries";
import { AssistantBar } from "./assistant-bar";
import { Composer } from "./composer";
import type { ComposerSend } from "./composer-send";
import { ContactPanel } from "./contact-panel";
import { ConversationHeader } from "./conversation-header";
import type { DisplayMessage } from "./message-bubble";
import { MessageThread } from "./message-thread";
import { useConversation, useLiveConversation } from "./use-conversation";
import { useConversationShortcuts } from "./use-conversation-shortcuts";
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
}: {
  initialConversation: ConversationDetail;
  initialPage: MessagePage;
  templates: ApprovedTemplate[];
  members: { id: string; name: string; availability?: Availability }[];
  teams?: { id: string; name: string }[];
  currentUserId: string;
  assistantEnabled: boolean;
  /** The workspace's pipeline, for the contact's lead status. */
  stages: LeadStage[];
}) {
  const [replyTo, setReplyTo] = useState<DisplayMessage | null>(null);
  const [panelOpen, setPanelOpen] = useState(false);
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
  const { keepPlace } = scroll;
  const onNearTop = useCallback(() => void loadOlder(keepPlace).then((error) => error && setActionError(error)), [loadOlder, keepPlace]);

  const memberNames = new Map(members.map((m) => [m.id, m.name]));
  const memberName = (id: string | null) => (id === currentUserId ? "You" : id ? (memberNames.get(id) ?? null) : null);
  const send = (request: ComposerSend) => {
    scroll.stickToBottom();
    return sends.send(request);
  };

  return (
    <div className="flex h-full min-h-0">
      {/* The shell's "Skip to conversation" link lands here. */}
      <section id="conversation" tabIndex={-1} aria-label="Conversation" className="flex min-w-0 flex-1 flex-col focus:outline-none">
        <ConversationHeader
          conversation={conversation}
          members={members}
          teams={teams}
          onError={setActionError}
          currentUserId={currentUserId}
          onAssign={assign}
          onSetStatus={setStatus}
          onSnooze={snooze}
          panelOpen={panelOpen}
          onTogglePanel={() => setPanelOpen((open) => !open)}
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
          onReply={setReplyTo}
          onRetry={sends.retry}
          onDiscard={sends.discard}
          retryingId={sends.retrying}
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
      <ContactAside open={panelOpen} onClose={() => setPanelOpen(false)}>
        <ContactPanel conversation={conversation} stages={stages} onChanged={refreshConversation} />
      </ContactAside>
    </div>
  );
}

/** The contact panel: a column on wide screens, a drawer opened from the header on narrow ones. */
function ContactAside({ open, onClose, children }: { open: boolean; onClose: () => void; children: ReactNode }) {
  return (
    <aside
      aria-label="Contact details"
      className={cn(
        "w-80 shrink-0 overflow-y-auto border-l border-slate-200 bg-white",
        open ? "fixed inset-y-0 right-0 z-30 shadow-xl xl:static xl:shadow-none" : "hidden xl:block",
      )}
    >
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3 xl:hidden">
        <span className="text-sm font-semibold">Details</span>
        <Button variant="ghost" size="sm" onClick={onClose}>
          Close
        </Button>
      </div>
      {children}
    </aside>
  );
}

function DismissibleError({ message, onDismiss }: { message: string | null; onDismiss: () => void }) {
  if (!message) return null;
  return (
    <p role="alert" className="flex items-center justify-between bg-red-50 px-4 py-2 text-sm text-red-700">
      {message}
      <button type="button" className="text-xs underline" onClick={onDismiss}>
        Dismiss
      </button>
    </p>
  );
}
