"use client";

import { useCallback, useEffect, useState } from "react";
import { assignConversation, getConversation, markAsRead, setConversationStatus } from "@/app/actions/inbox";
import { useAction } from "@/components/ui/use-action";
import type { ActivityLine } from "@/lib/conversation-activity";
import type { ConversationStatus } from "@/lib/conversation-status";
import type { ConversationDetail, ConversationListItem, ThreadMessage } from "@/server/inbox/queries";
import type { SnoozeTime } from "@/server/inbox/status";
import { useWorkspaceEvents } from "./use-workspace-events";

/** The open conversation's header data (contact, assignee, status) and what the agent does to it. */
export function useConversation(initial: ConversationDetail, onError: (message: string) => void) {
  const [conversation, setConversation] = useState(initial);
  const conversationId = conversation.id;
  const { run } = useAction({ refresh: false, onError });

  const refresh = useCallback(async () => {
    const result = await getConversation({ conversationId });
    if (result.ok) setConversation(result.data);
  }, [conversationId]);

  /** Resolve, reopen or mark pending. */
  function setStatus(status: Exclude<ConversationStatus, "snoozed">) {
    run(
      () => setConversationStatus({ conversationId, status }),
      () => setConversation((c) => ({ ...c, status, snoozed_until: null })),
    );
  }

  /** Snooze; the server computes the time (`until` is the menu's figure; a custom time arrives with the live refetch). */
  function snooze(time: SnoozeTime, until: string | null) {
    run(
      () => setConversationStatus({ conversationId, status: "snoozed", snooze: time }),
      () => setConversation((c) => ({ ...c, status: "snoozed", snoozed_until: until ?? c.snoozed_until })),
    );
  }

  function assign(assigneeId: string) {
    run(
      () => assignConversation({ conversationId, assigneeId: assigneeId || null }),
      () => setConversation((c) => ({ ...c, assigned_to: assigneeId || null })),
    );
  }

  /** A pushed list item of this conversation: its list fields as they now stand. */
  const applyListItem = useCallback((item: ConversationListItem) => setConversation((c) => ({ ...c, ...item })), []);

  useMarkRead(conversationId, conversation.unread_count > 0 || !conversation.is_read);
  return { conversation, refresh, applyListItem, setStatus, snooze, assign };
}

/**
 * Reading the conversation marks it read (and sends WhatsApp's read receipt),
 * now and as new messages arrive. Opening it is read once even when it has no
 * unread messages: the agent's notifications about it are read with it.
 */
function useMarkRead(conversationId: string, unread: boolean) {
  const [openedAndRead, setOpenedAndRead] = useState<string | null>(null);
  const due = unread || openedAndRead !== conversationId;
  useEffect(() => {
    if (!due) return;
    const readWhenVisible = () => {
      if (document.visibilityState !== "visible") return;
      setOpenedAndRead(conversationId);
      void markAsRead({ conversationId });
    };
    readWhenVisible();
    // A message that arrived while the tab was hidden is read when the agent comes back.
    document.addEventListener("visibilitychange", readWhenVisible);
    return () => document.removeEventListener("visibilitychange", readWhenVisible);
  }, [conversationId, due]);
}

/**
 * Live changes of the open conversation: pushed messages, activity lines and
 * the conversation's list fields merge in as they come; its contact's
 * changes and Supabase's by-id messages are read again; a resync reads both.
 */
export function useLiveConversation(
  ids: { conversationId: string; contactId: string },
  live: {
    applyMessage: (message: ThreadMessage) => void;
    applyActivity: (line: ActivityLine) => void;
    applyListItem: (item: ConversationListItem) => void;
    refetchMessages: () => Promise<void>;
    refetchConversation: () => Promise<void>;
  },
) {
  useWorkspaceEvents((event) => {
    switch (event.kind) {
      case "resync":
        void live.refetchMessages();
        void live.refetchConversation();
        break;
      case "message":
        if (event.conversationId === ids.conversationId) live.applyMessage(event.message);
        break;
      case "activity":
        if (event.line.conversation_id === ids.conversationId) live.applyActivity(event.line);
        break;
      case "touched":
        if (event.conversationId === ids.conversationId) void live.refetchMessages();
        break;
      case "conversation":
        if (event.conversation.id === ids.conversationId) live.applyListItem(event.conversation);
        break;
      case "contact":
        if (event.id === ids.contactId) void live.refetchConversation();
        break;
    }
  });
}
