"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { assignConversation, getConversation, markAsRead, setConversationStatus } from "@/app/actions/inbox";
import { useAction } from "@/components/ui/use-action";
import type { ConversationStatus } from "@/lib/conversation-status";
import type { ConversationDetail } from "@/server/inbox/queries";
import type { SnoozeTime } from "@/server/inbox/status";
import { useWorkspaceEvents } from "./use-workspace-events";

/** Live changes arriving in a burst are read once, this long after the first. */
const COALESCE_MS = 100;

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

  useMarkRead(conversationId, conversation.unread_count > 0 || !conversation.is_read);
  return { conversation, refresh, setStatus, snooze, assign };
}

/** Reading the conversation marks it read (and sends WhatsApp's read receipt), now and as new messages arrive. */
function useMarkRead(conversationId: string, unread: boolean) {
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
}

/** Refetches the thread or the conversation when a live change touches them, once per burst; both after a resync. */
export function useLiveRefetch(
  ids: { conversationId: string; contactId: string },
  refetch: { messages: () => Promise<void>; conversation: () => Promise<void> },
) {
  const timers = useRef<{ messages?: ReturnType<typeof setTimeout>; conversation?: ReturnType<typeof setTimeout> }>({});
  useWorkspaceEvents((event) => {
    const schedule = (key: "messages" | "conversation") => {
      timers.current[key] ??= setTimeout(() => {
        timers.current[key] = undefined;
        void refetch[key]();
      }, COALESCE_MS);
    };
    if (event.kind === "resync") {
      schedule("messages");
      schedule("conversation");
      return;
    }
    const change = event.change;
    // Activity lines come with the thread's pages.
    if ((change.table === "messages" || change.table === "conversation_activity") && change.conversation_id === ids.conversationId) {
      schedule("messages");
    }
    if (change.table === "conversations" && change.id === ids.conversationId) schedule("conversation");
    if (change.table === "contacts" && change.id === ids.contactId) schedule("conversation");
  });
}
