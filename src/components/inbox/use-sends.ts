"use client";

import { useTranslations } from "next-intl";
import { startTransition, useOptimistic, useState } from "react";
import { addNote, retryMessage, sendAttachment, sendMessage, sendTemplate } from "@/app/actions/inbox";
import { useAction } from "@/components/ui/use-action";
import { useStoredState } from "@/components/ui/use-stored-state";
import type { ComposerSend } from "./composer-send";
import type { DisplayMessage } from "./message-bubble";
import type { Thread } from "./use-thread";

const DRAFT_PREFIX = "optimistic:";
const UNSENT_PREFIX = "unsent:";

/** A send that never reached the server (the network dropped): shown failed, with Retry, until it goes or is discarded. */
interface Unsent {
  idempotencyKey: string;
  request: ComposerSend;
  message: DisplayMessage;
}

/** Files cannot be kept across a reload; texts and templates can. */
const keepable = (unsent: Unsent[]) => unsent.filter((u) => u.request.kind !== "attachment");
const noneKept = (unsent: Unsent[]) => keepable(unsent).length === 0;

/** The bubble shown while a send is on its way: the agent's message with a pending clock. */
function draftOf(request: ComposerSend, idempotencyKey: string, userId: string): DisplayMessage {
  const fields: Partial<DisplayMessage> & Pick<DisplayMessage, "type" | "body"> =
    request.kind === "attachment"
      ? { type: "document", body: request.caption || null, media_filename: request.file.name }
      : request.kind === "template"
        ? { type: "template", body: request.template.body }
        : {
            type: request.kind === "note" ? "note" : "text",
            body: request.text,
            status: request.kind === "note" ? "sent" : "pending",
            quoted:
              request.kind === "text" && request.replyTo
                ? { id: request.replyTo.id, body: request.replyTo.body, type: request.replyTo.type, direction: request.replyTo.direction }
                : null,
          };
  return {
    id: `${DRAFT_PREFIX}${idempotencyKey}`,
    idempotency_key: idempotencyKey,
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

/** The Server Action for each kind of send; the idempotency key makes a repeated request store one message. */
function deliver(conversationId: string, idempotencyKey: string, request: ComposerSend) {
  switch (request.kind) {
    case "text":
      return sendMessage({ conversationId, idempotencyKey, text: request.text, replyToMessageId: request.replyTo?.id ?? null });
    case "note":
      return addNote({ conversationId, idempotencyKey, text: request.text, mentions: request.mentions });
    case "attachment":
      return sendAttachment({ conversationId, idempotencyKey, file: request.file, caption: request.caption || null });
    case "template":
      return sendTemplate({ conversationId, idempotencyKey, templateId: request.template.id, parameters: request.parameters });
  }
}

/**
 * Sending from the composer: the message shows at once (React's optimistic
 * state, gone by itself when the send fails), then stays as the stored row's
 * id until the next fetch brings the row itself. Failed messages can be retried.
 */
export function useSends({
  thread,
  conversationId,
  userId,
  onSent,
  onError,
}: {
  thread: Thread;
  conversationId: string;
  userId: string;
  /** After a send was queued (e.g. to drop the quoted message). */
  onSent: () => void;
  /** A retry that failed. */
  onError: (message: string) => void;
}) {
  const notSent = useTranslations("inbox.bubble")("notSent");
  const [withDrafts, addDraft] = useOptimistic(thread.messages, (current: DisplayMessage[], draft: DisplayMessage) => [...current, draft]);
  // A live refetch can bring the stored message while its send is still running: the draft then steps aside.
  const stored = new Set(thread.messages.map((m) => m.idempotency_key));
  const messages = withDrafts.filter((m) => !(m.id.startsWith(DRAFT_PREFIX) && stored.has(m.idempotency_key)));
  const [retrying, setRetrying] = useState<string | null>(null);
  const { setMessages, refresh } = thread;

  const [unsent, setUnsent] = useStoredState<Unsent[]>(`conversa:unsent:${conversationId}`, [], noneKept);
  const unsentShown = unsent.filter((u) => !stored.has(u.idempotencyKey)).map((u) => u.message);

  /** Resolves to an error message to show, or null when the message was queued (or kept as unsent, with Retry). */
  const send = (request: ComposerSend) =>
    new Promise<string | null>((resolve, reject) =>
      startTransition(async () => {
        try {
          const idempotencyKey = crypto.randomUUID();
          const draft = draftOf(request, idempotencyKey, userId);
          addDraft(draft);
          const result = await deliver(conversationId, idempotencyKey, request).catch(() => null);
          if (!result) {
            // A note is not a bubble with Retry: it stays in the composer with the error.
            if (request.kind === "note") return resolve(notSent);
            startTransition(() => setUnsent((current) => keepable([...current, unsentOf(request, idempotencyKey, draft, notSent)])));
            return resolve(null);
          }
          if (!result.ok) return resolve(result.error.message);
          // Committed with the end of this action, so the draft and its stored copy never show together.
          startTransition(() =>
            setMessages((current) =>
              current.some((m) => m.id === result.data.id) ? current : [...current, { ...draft, id: result.data.id }],
            ),
          );
          onSent();
          void refresh();
          resolve(null);
        } catch (error) {
          reject(error);
        }
      }),
    );

  const retryAction = useAction({ refresh: false, onError });
  function retry(message: DisplayMessage) {
    setRetrying(message.id);
    const pending = unsent.find((u) => u.message.id === message.id);
    if (pending) return resend(pending);
    retryAction.run(async () => {
      const result = await retryMessage({ messageId: message.id });
      // Failed or not, the message's status may have moved on: read the thread again.
      void refresh();
      return result;
    });
  }

  /** The same request with the same idempotency key: if the first one did reach the server, this stores nothing new. */
  function resend(pending: Unsent) {
    retryAction.run(async () => {
      const result = await deliver(conversationId, pending.idempotencyKey, pending.request).catch(() => null);
      if (!result) return { ok: false as const, error: { code: "internal" as const, message: notSent } };
      if (result.ok) {
        setUnsent((current) => current.filter((u) => u.idempotencyKey !== pending.idempotencyKey));
        void refresh();
      }
      return result;
    });
  }

  function discard(message: DisplayMessage) {
    setUnsent((current) => current.filter((u) => u.message.id !== message.id));
  }

  return { messages: [...messages, ...unsentShown], send, retry, discard, retrying: retryAction.pending ? retrying : null };
}

function unsentOf(request: ComposerSend, idempotencyKey: string, draft: DisplayMessage, notSent: string): Unsent {
  return {
    idempotencyKey,
    request,
    message: {
      ...draft,
      id: `${UNSENT_PREFIX}${idempotencyKey}`,
      status: "failed",
      error: { message: notSent },
      optimistic: false,
      unsent: true,
    },
  };
}
