"use client";

import { Archive, ArchiveRestore, ArrowLeft, Loader2, PanelRight } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import {
  addNote,
  archiveConversation,
  assignConversation,
  getConversation,
  getMessages,
  markAsRead,
  retryMessage,
  sendAttachment,
  sendMessage,
  sendTemplate,
  unarchiveConversation,
} from "@/app/actions/inbox";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { formatPhone } from "@/lib/format";
import type { LeadStage } from "@/lib/lead-status";
import type { ApprovedTemplate, ConversationDetail, MessagePage } from "@/server/inbox/queries";
import { AssistantBar } from "./assistant-bar";
import { Composer, type ComposerSend } from "./composer";
import { ContactPanel } from "./contact-panel";
import { Avatar, contactTitle } from "./conversation-row";
import { type DisplayMessage, MessageBubble } from "./message-bubble";
import { useWorkspaceEvents } from "./use-workspace-events";

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long", year: "numeric" });

function dayLabel(iso: string, now: Date) {
  const date = new Date(iso);
  const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  return dayFormat.format(date);
}

/**
 * The newest page just fetched is the truth for its time span; older rows
 * stay as loaded, and messages still being written (optimistic, or confirmed
 * but not yet in a fetched page) stay at the end.
 */
function mergeNewest(current: DisplayMessage[], fresh: MessagePage): DisplayMessage[] {
  const freshIds = new Set(fresh.messages.map((m) => m.id));
  const oldestFresh = fresh.messages[0];
  const older = oldestFresh ? current.filter((m) => !m.optimistic && !freshIds.has(m.id) && m.sent_at < oldestFresh.sent_at) : [];
  const stillPending = current.filter((m) => m.optimistic && !freshIds.has(m.id));
  return [...(fresh.olderCursor || !oldestFresh ? older : []), ...fresh.messages, ...stillPending];
}

function optimisticMessage(fields: Partial<DisplayMessage> & Pick<DisplayMessage, "id" | "type" | "body">, userId: string): DisplayMessage {
  return {
    wamid: null,
    direction: "outbound",
    status: "pending",
    sent_at: new Date().toISOString(),
    sender_type: "agent",
    sender_user_id: userId,
    error: null,
    media_status: null,
    media_mime_type: null,
    media_filename: null,
    content: {},
    quoted: null,
    reactions: [],
    edited_at: null,
    revoked_at: null,
    is_forwarded: false,
    optimistic: true,
    ...fields,
  };
}

export function ConversationView({
  initialConversation,
  initialPage,
  templates,
  members,
  currentUserId,
  assistantEnabled,
  stages,
}: {
  initialConversation: ConversationDetail;
  initialPage: MessagePage;
  templates: ApprovedTemplate[];
  members: { id: string; name: string }[];
  currentUserId: string;
  assistantEnabled: boolean;
  /** The workspace's pipeline, for the contact's lead status. */
  stages: LeadStage[];
}) {
  const [conversation, setConversation] = useState(initialConversation);
  const [messages, setMessages] = useState<DisplayMessage[]>(initialPage.messages);
  const [olderCursor, setOlderCursor] = useState(initialPage.olderCursor);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [replyTo, setReplyTo] = useState<DisplayMessage | null>(null);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [panelOpen, setPanelOpen] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const conversationId = conversation.id;
  const memberNames = new Map(members.map((m) => [m.id, m.name]));
  const memberName = (id: string | null) => (id === currentUserId ? "You" : id ? (memberNames.get(id) ?? null) : null);

  const refreshConversation = useCallback(async () => {
    const result = await getConversation({ conversationId });
    if (result.ok) setConversation(result.data);
  }, [conversationId]);

  const refreshMessages = useCallback(async () => {
    const result = await getMessages({ conversationId });
    if (!result.ok) return;
    setMessages((current) => mergeNewest(current, result.data));
    if (!result.data.olderCursor) setOlderCursor(null);
  }, [conversationId]);

  // Reading the conversation marks it read (and sends WhatsApp's read receipt), now and as new messages arrive.
  const unread = conversation.unread_count > 0 || !conversation.is_read;
  useEffect(() => {
    if (!unread) return;
    const readWhenVisible = () => {
      if (document.visibilityState === "visible") void markAsRead({ conversationId });
    };
    readWhenVisible();
    // A message that arrived while the tab was hidden is read when the agent comes back.
    document.addEventListener("visibilitychange", readWhenVisible);
    return () => document.removeEventListener("visibilitychange", readWhenVisible);
  }, [conversationId, unread]);

  const timers = useRef<{ messages?: ReturnType<typeof setTimeout>; conversation?: ReturnType<typeof setTimeout> }>({});
  useWorkspaceEvents((event) => {
    const schedule = (key: "messages" | "conversation", run: () => Promise<void>) => {
      timers.current[key] ??= setTimeout(() => {
        timers.current[key] = undefined;
        void run();
      }, 100);
    };
    if (event.kind === "resync") {
      schedule("messages", refreshMessages);
      schedule("conversation", refreshConversation);
      return;
    }
    const change = event.change;
    if (change.table === "messages" && change.conversation_id === conversationId) schedule("messages", refreshMessages);
    if (change.table === "conversations" && change.id === conversationId) schedule("conversation", refreshConversation);
    if (change.table === "contacts" && change.id === conversation.contact.id) schedule("conversation", refreshConversation);
  });

  // Scrolling: start at the newest message, follow new ones when already at the bottom, keep the place when older ones load.
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const heightBeforeOlder = useRef<number | null>(null);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (heightBeforeOlder.current !== null) {
      element.scrollTop += element.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
    } else if (atBottom.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [messages]);

  const loadOlder = useCallback(async () => {
    if (!olderCursor || loadingOlder) return;
    setLoadingOlder(true);
    const result = await getMessages({ conversationId, before: olderCursor });
    setLoadingOlder(false);
    if (!result.ok) return setActionError(result.error.message);
    heightBeforeOlder.current = scroller.current?.scrollHeight ?? null;
    setMessages((current) => {
      const known = new Set(current.map((m) => m.id));
      return [...result.data.messages.filter((m) => !known.has(m.id)), ...current];
    });
    setOlderCursor(result.data.olderCursor);
  }, [conversationId, olderCursor, loadingOlder]);

  const topSentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = topSentinel.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadOlder(), {
      root: scroller.current,
      rootMargin: "300px",
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [loadOlder]);

  async function send(request: ComposerSend): Promise<string | null> {
    const idempotencyKey = crypto.randomUUID();
    const temporaryId = `optimistic:${idempotencyKey}`;
    const optimistic =
      request.kind === "attachment"
        ? optimisticMessage(
            { id: temporaryId, type: "document", body: request.caption || null, media_filename: request.file.name },
            currentUserId,
          )
        : request.kind === "template"
          ? optimisticMessage({ id: temporaryId, type: "template", body: request.template.body }, currentUserId)
          : optimisticMessage(
              {
                id: temporaryId,
                type: request.kind === "note" ? "note" : "text",
                body: request.text,
                status: request.kind === "note" ? "sent" : "pending",
                quoted:
                  request.kind === "text" && request.replyTo
                    ? {
                        id: request.replyTo.id,
                        body: request.replyTo.body,
                        type: request.replyTo.type,
                        direction: request.replyTo.direction,
                      }
                    : null,
              },
              currentUserId,
            );
    atBottom.current = true;
    setMessages((current) => [...current, optimistic]);
    const result =
      request.kind === "text"
        ? await sendMessage({ conversationId, idempotencyKey, text: request.text, replyToMessageId: request.replyTo?.id ?? null })
        : request.kind === "note"
          ? await addNote({ conversationId, idempotencyKey, text: request.text })
          : request.kind === "attachment"
            ? await sendAttachment({ conversationId, idempotencyKey, file: request.file, caption: request.caption || null })
            : await sendTemplate({ conversationId, idempotencyKey, templateId: request.template.id, parameters: request.parameters });
    if (!result.ok) {
      setMessages((current) => current.filter((m) => m.id !== temporaryId));
      return result.error.message;
    }
    // The optimistic bubble takes the stored row's id; the next fetch replaces it with the row itself.
    setMessages((current) =>
      current.some((m) => m.id === result.data.id)
        ? current.filter((m) => m.id !== temporaryId)
        : current.map((m) => (m.id === temporaryId ? { ...m, id: result.data.id } : m)),
    );
    setReplyTo(null);
    void refreshMessages();
    return null;
  }

  async function retry(message: DisplayMessage) {
    setRetrying(message.id);
    const result = await retryMessage({ messageId: message.id });
    setRetrying(null);
    if (!result.ok) setActionError(result.error.message);
    void refreshMessages();
  }

  async function toggleArchive() {
    const archived = conversation.status === "archived";
    const result = archived ? await unarchiveConversation({ conversationId }) : await archiveConversation({ conversationId });
    if (!result.ok) return setActionError(result.error.message);
    setConversation((c) => ({ ...c, status: archived ? "active" : "archived" }));
  }

  async function assign(assigneeId: string) {
    const result = await assignConversation({ conversationId, assigneeId: assigneeId || null });
    if (!result.ok) return setActionError(result.error.message);
    setConversation((c) => ({ ...c, assigned_to: assigneeId || null }));
  }

  const title = contactTitle(conversation);
  const now = new Date();
  let previousDay = "";

  return (
    <div className="flex h-full min-h-0">
      <div className="flex min-w-0 flex-1 flex-col">
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
          </div>
          <label className="sr-only" htmlFor="assignee">
            Assigned to
          </label>
          <select
            id="assignee"
            value={conversation.assigned_to ?? ""}
            onChange={(e) => assign(e.target.value)}
            className="hidden max-w-36 rounded-md border-0 py-1.5 pr-7 pl-2 text-sm ring-1 ring-slate-300 lg:block"
          >
            <option value="">Unassigned</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id === currentUserId ? `${m.name} (you)` : m.name}
              </option>
            ))}
          </select>
          <Button variant="secondary" size="sm" onClick={toggleArchive}>
            {conversation.status === "archived" ? (
              <>
                <ArchiveRestore className="size-4" aria-hidden /> Unarchive
              </>
            ) : (
              <>
                <Archive className="size-4" aria-hidden /> Archive
              </>
            )}
          </Button>
          <Button
            variant="ghost"
            size="sm"
            onClick={() => setPanelOpen((open) => !open)}
            aria-label="Contact details"
            aria-expanded={panelOpen}
          >
            <PanelRight className="size-4" aria-hidden />
          </Button>
        </header>
        <AssistantBar
          conversation={conversation}
          assistantEnabled={assistantEnabled}
          onChanged={refreshConversation}
          onError={setActionError}
        />
        {actionError && (
          <p role="alert" className="flex items-center justify-between bg-red-50 px-4 py-2 text-sm text-red-700">
            {actionError}
            <button type="button" className="text-xs underline" onClick={() => setActionError(null)}>
              Dismiss
            </button>
          </p>
        )}
        <div
          ref={scroller}
          className="min-h-0 flex-1 overflow-y-auto bg-[#efeae2] px-3 py-4 sm:px-6"
          onScroll={(e) => {
            const el = e.currentTarget;
            atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
          }}
        >
          <div ref={topSentinel} className="flex h-6 items-center justify-center text-slate-500">
            {loadingOlder && <Loader2 className="size-4 animate-spin" aria-label="Loading older messages" />}
            {!olderCursor && messages.length > 0 && <span className="text-xs">Start of the conversation</span>}
          </div>
          <ol className="space-y-2" aria-label="Messages">
            {messages.map((message) => {
              const day = dayLabel(message.sent_at, now);
              const separator = day !== previousDay;
              previousDay = day;
              return [
                separator && (
                  <li key={`day:${message.id}`} className="flex justify-center py-1" aria-hidden>
                    <span className="rounded-md bg-white/90 px-2.5 py-0.5 text-xs font-medium text-slate-600 shadow-xs">{day}</span>
                  </li>
                ),
                <MessageBubble
                  key={message.id}
                  message={message}
                  memberName={memberName}
                  onReply={setReplyTo}
                  onRetry={retry}
                  retrying={retrying === message.id}
                />,
              ];
            })}
          </ol>
        </div>
        <Composer
          conversationId={conversationId}
          lastCustomerMessageAt={conversation.last_customer_message_at}
          templates={templates}
          replyTo={replyTo}
          onCancelReply={() => setReplyTo(null)}
          onSend={send}
        />
      </div>
      <aside
        aria-label="Contact details"
        className={cn(
          "w-80 shrink-0 overflow-y-auto border-l border-slate-200 bg-white",
          panelOpen ? "fixed inset-y-0 right-0 z-30 shadow-xl xl:static xl:shadow-none" : "hidden xl:block",
        )}
      >
        <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3 xl:hidden">
          <span className="text-sm font-semibold">Details</span>
          <Button variant="ghost" size="sm" onClick={() => setPanelOpen(false)}>
            Close
          </Button>
        </div>
        <ContactPanel conversation={conversation} stages={stages} onChanged={refreshConversation} />
      </aside>
    </div>
  );
}
