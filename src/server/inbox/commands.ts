import "server-only";
import type { ChosenMention, MentionRange } from "@/lib/mentions";
import { renderTemplate, type TemplateComponent, templateParameters, templateSendComponents } from "@/lib/templates";
import { MAX_TEXT_LENGTH, type MediaKind, mediaKindFor, mediaProblem, mediaProblemMessage } from "@/lib/whatsapp-media";
import type { Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { AppError, type ErrorKey } from "@/server/errors";
import { enqueue } from "@/server/jobs/enqueue";
import { noteMentions } from "@/server/notifications/mentions";
import type { OutboundPayload } from "@/server/whatsapp/providers/client";
import type { Actor } from "@/server/workspaces/actor";
import { readReceiptJob, sendMessageJob } from "./jobs";
import { THREAD_PAGE_SIZE } from "./queries";

/**
 * Who writes an outbound message: an agent, the AI assistant (which has no
 * user), or a workspace API key (sender_type 'api', the key's id recorded).
 */
export type Sender = Actor | { workspaceId: string; assistant: true } | { workspaceId: string; apiKeyId: string };

export const WINDOW_CLOSED: ErrorKey = "errors.inbox.windowClosed";

const windowClosed = () => new AppError("conflict", WINDOW_CLOSED, { reason: "outside_24h_window" });

type ConversationForSend = Pick<Row<"conversations">, "id"> & { window_open: boolean };

/** The conversation, locked for this send; "not found" for ids outside the workspace (RLS hides them). */
async function conversationForSend(tx: Tx, actor: Sender, conversationId: string): Promise<ConversationForSend> {
  const [row] = await tx<ConversationForSend[]>`
    select id,
           coalesce(last_customer_message_at + interval '24 hours' > now(), false) as window_open
    from public.conversations
    where workspace_id = ${actor.workspaceId} and id = ${conversationId}
    for update`;
  if (!row) throw new AppError("not_found", "errors.inbox.conversationNotFound");
  return row;
}

async function wamidOf(tx: Tx, actor: Sender, conversationId: string, messageId: string): Promise<string> {
  const [row] = await tx<Pick<Row<"messages">, "wamid">[]>`
    select wamid from public.messages
    where workspace_id = ${actor.workspaceId} and conversation_id = ${conversationId} and id = ${messageId}`;
  if (!row) throw new AppError("not_found", "errors.inbox.replyNotInConversation");
  if (!row.wamid) throw new AppError("conflict", "errors.inbox.replyNeedsWamid");
  return row.wamid;
}

/** A disconnected number keeps its conversations readable (and notes), but nothing is sent through it. */
async function assertChannelConnected(tx: Tx, actor: Sender, conversationId: string) {
  const [channel] = await tx<Pick<Row<"whatsapp_channels">, "status">[]>`
    select ch.status from public.conversations c
    join public.whatsapp_channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
    where c.workspace_id = ${actor.workspaceId} and c.id = ${conversationId}`;
  if (channel?.status === "disconnected") {
    throw new AppError("conflict", "errors.channels.conversationNumberDisconnected", {
      reason: "channel_disconnected",
    });
  }
}

export interface QueuedMessage {
  id: string;
  /** False when the idempotency key had been used: the earlier message is returned and nothing is sent again. */
  created: boolean;
}

interface NewOutbound {
  conversationId: string;
  idempotencyKey: string;
  type: string;
  body: string | null;
  payload: OutboundPayload | null;
  replyToWamid?: string | null;
  media?: { storagePath: string; mimeType: string; filename: string; size: number; caption: string | null };
  /** A note's mentions (kept in its content; a trigger notifies the members). */
  mentions?: MentionRange[];
}

/**
 * Inserts an outbound message (pending) and, in the same transaction, its
 * send job: either both exist or neither. The idempotency key makes a
 * repeated request find its first message instead of sending again.
 */
async function insertOutbound(tx: Tx, actor: Sender, message: NewOutbound): Promise<QueuedMessage> {
  const isNote = message.type === "note";
  if (!isNote) await assertChannelConnected(tx, actor, message.conversationId);
  const [inserted] = await tx<Pick<Row<"messages">, "id">[]>`
    insert into public.messages ${tx({
      workspace_id: actor.workspaceId,
      conversation_id: message.conversationId,
      direction: "outbound",
      type: message.type,
      body: message.body,
      content: tx.json(
        (message.payload ?? (message.mentions?.length ? { mentions: message.mentions } : {})) as Parameters<typeof tx.json>[0],
      ),
      status: isNote ? "sent" : "pending",
      sender_type: "userId" in actor ? "agent" : "apiKeyId" in actor ? "api" : "ai",
      sender_user_id: "userId" in actor ? actor.userId : null,
      sender_api_key_id: "apiKeyId" in actor ? actor.apiKeyId : null,
      idempotency_key: message.idempotencyKey,
      reply_to_wamid: message.replyToWamid ?? null,
      media_storage_path: message.media?.storagePath ?? null,
      media_mime_type: message.media?.mimeType ?? null,
      media_filename: message.media?.filename ?? null,
      media_size: message.media?.size ?? null,
      media_caption: message.media?.caption ?? null,
      media_status: message.media ? "stored" : null,
    })}
    on conflict (workspace_id, idempotency_key) do nothing
    returning id`;
  if (!inserted) {
    const [existing] = await tx<Pick<Row<"messages">, "id" | "conversation_id">[]>`
      select id, conversation_id from public.messages
      where workspace_id = ${actor.workspaceId} and idempotency_key = ${message.idempotencyKey}`;
    if (!existing || existing.conversation_id !== message.conversationId) {
      throw new AppError("conflict", "errors.inbox.keyReused");
    }
    return { id: existing.id, created: false };
  }
  if (!isNote) await enqueue(sendMessageJob, { messageId: inserted.id }, { tx });
  return { id: inserted.id, created: true };
}

export async function sendText(
  tx: Tx,
  actor: Sender,
  input: { conversationId: string; idempotencyKey: string; text: string; replyToMessageId?: string | null },
): Promise<QueuedMessage> {
  const text = input.text.trim();
  if (!text) throw new AppError("invalid", "errors.inbox.writeMessage");
  if (text.length > MAX_TEXT_LENGTH) throw new AppError("invalid", { key: "errors.inbox.textTooLong", values: { max: MAX_TEXT_LENGTH } });
  const conversation = await conversationForSend(tx, actor, input.conversationId);
  if (!conversation.window_open) throw windowClosed();
  const replyToWamid = input.replyToMessageId ? await wamidOf(tx, actor, conversation.id, input.replyToMessageId) : null;
  return insertOutbound(tx, actor, {
    conversationId: conversation.id,
    idempotencyKey: input.idempotencyKey,
    type: "text",
    body: text,
    payload: {
      type: "text",
      text: { body: text, preview_url: /https?:\/\//.test(text) },
      ...(replyToWamid ? { context: { message_id: replyToWamid } } : {}),
    },
    replyToWamid,
  });
}

/**
 * The assistant's reply, sent like an agent's text but marked as the AI's.
 * The caller (the assistant's run) has checked the 24-hour window under the
 * conversation's lock; the key is the run's, so a repeated run never sends twice.
 */
export function queueAssistantReply(
  tx: Tx,
  workspaceId: string,
  input: { conversationId: string; idempotencyKey: string; text: string },
): Promise<QueuedMessage> {
  const text = input.text.trim().slice(0, MAX_TEXT_LENGTH);
  return insertOutbound(
    tx,
    { workspaceId, assistant: true },
    {
      conversationId: input.conversationId,
      idempotencyKey: input.idempotencyKey,
      type: "text",
      body: text,
      payload: { type: "text", text: { body: text, preview_url: /https?:\/\//.test(text) } },
    },
  );
}

/** The WhatsApp media type a file is sent as, or a clear refusal. */
export function mediaKindOf(mimeType: string, size: number): MediaKind {
  const problem = mediaProblem(mimeType, size);
  if (problem) throw new AppError("invalid", mediaProblemMessage(problem));
  return mediaKindFor(mimeType) as MediaKind;
}

/** A file already in our storage, sent as one WhatsApp media message (the job uploads it to the provider). */
export async function sendMedia(
  tx: Tx,
  actor: Sender,
  input: {
    conversationId: string;
    idempotencyKey: string;
    storagePath: string;
    mimeType: string;
    filename: string;
    size: number;
    caption: string | null;
  },
): Promise<QueuedMessage> {
  const kind = mediaKindOf(input.mimeType, input.size);
  const conversation = await conversationForSend(tx, actor, input.conversationId);
  if (!conversation.window_open) throw windowClosed();
  const caption = kind === "audio" || kind === "sticker" ? null : input.caption?.trim() || null;
  return insertOutbound(tx, actor, {
    conversationId: conversation.id,
    idempotencyKey: input.idempotencyKey,
    type: kind,
    body: caption ?? (kind === "document" ? input.filename : null),
    // The media id is filled in by the send job after the upload.
    payload: { type: kind, [kind]: { caption: caption ?? undefined, filename: kind === "document" ? input.filename : undefined } },
    media: { storagePath: input.storagePath, mimeType: input.mimeType, filename: input.filename, size: input.size, caption },
  });
}

/**
 * Media WhatsApp fetches from a public HTTPS link (the API's way to send a
 * file): no upload, the provider takes the link as it is.
 */
export async function sendMediaLink(
  tx: Tx,
  actor: Sender,
  input: { conversationId: string; idempotencyKey: string; kind: MediaKind; url: string; caption: string | null; filename: string | null },
): Promise<QueuedMessage> {
  const conversation = await conversationForSend(tx, actor, input.conversationId);
  if (!conversation.window_open) throw windowClosed();
  const caption = input.kind === "audio" || input.kind === "sticker" ? null : input.caption?.trim() || null;
  const filename = input.kind === "document" ? input.filename?.trim() || undefined : undefined;
  return insertOutbound(tx, actor, {
    conversationId: conversation.id,
    idempotencyKey: input.idempotencyKey,
    type: input.kind,
    body: caption ?? filename ?? null,
    payload: { type: input.kind, [input.kind]: { link: input.url, caption: caption ?? undefined, filename } },
  });
}

export async function sendTemplate(
  tx: Tx,
  actor: Sender,
  input: { conversationId: string; idempotencyKey: string; templateId: string; parameters: Record<string, string> },
): Promise<QueuedMessage> {
  const conversation = await conversationForSend(tx, actor, input.conversationId);
  const [template] = await tx<
    // Not null: a template without its name or language cannot be sent, so the query leaves it out.
    With<
      Pick<Row<"whatsapp_templates">, "name" | "language" | "components">,
      { name: string; language: string; components: TemplateComponent[] }
    >[]
  >`
    select name, language, components from public.whatsapp_templates
    where workspace_id = ${actor.workspaceId} and id = ${input.templateId} and status = 'APPROVED'
      and name is not null and language is not null`;
  if (!template) throw new AppError("not_found", "errors.inbox.templateNotApprovedWorkspace");
  const slots = templateParameters(template.components);
  const filled = (id: string) => input.parameters[id]?.trim() ?? "";
  const missing = slots.find((slot) => !filled(slot.id));
  if (missing)
    throw new AppError("invalid", {
      key: "errors.inbox.fillTemplateParameter",
      values: { key: missing.key, component: missing.component },
    });

  const components = templateSendComponents(template.components, input.parameters);
  const rendered = renderTemplate(template.components, input.parameters) || template.name;
  return insertOutbound(tx, actor, {
    conversationId: conversation.id,
    idempotencyKey: input.idempotencyKey,
    type: "template",
    body: rendered,
    payload: { type: "template", template: { name: template.name, language: { code: template.language }, components } },
  });
}

/**
 * Sends a failed message again. Before WhatsApp accepted it (no wamid) the
 * same row goes back to pending; after (it failed on the way to the phone)
 * a copy is sent, keyed by the original so a double click sends one copy.
 */
export async function retryMessage(tx: Tx, actor: Actor, messageId: string): Promise<QueuedMessage> {
  const [message] = await tx<
    With<
      Pick<
        Row<"messages">,
        | "id"
        | "conversation_id"
        | "wamid"
        | "status"
        | "type"
        | "body"
        | "content"
        | "direction"
        | "reply_to_wamid"
        | "media_storage_path"
        | "media_mime_type"
        | "media_filename"
        | "media_size"
        | "media_caption"
      >,
      { content: OutboundPayload }
    >[]
  >`
    select id, conversation_id, wamid, status, type, body, content, direction, reply_to_wamid, media_storage_path,
           media_mime_type, media_filename, media_size, media_caption
    from public.messages where workspace_id = ${actor.workspaceId} and id = ${messageId}`;
  if (message?.direction !== "outbound" || message.type === "note") {
    throw new AppError("not_found", "errors.inbox.messageNotFound");
  }
  if (message.status !== "failed") throw new AppError("conflict", "errors.inbox.onlyFailedResend");
  const conversation = await conversationForSend(tx, actor, message.conversation_id);
  if (message.type !== "template" && !conversation.window_open) throw windowClosed();

  if (!message.wamid) {
    await tx`
      update public.messages set status = 'pending', error = null, failed_at = null
      where workspace_id = ${actor.workspaceId} and id = ${message.id}`;
    await enqueue(sendMessageJob, { messageId: message.id }, { tx });
    return { id: message.id, created: false };
  }
  return insertOutbound(tx, actor, {
    conversationId: message.conversation_id,
    idempotencyKey: `retry:${message.id}`,
    type: message.type,
    body: message.body,
    payload: message.content,
    replyToWamid: message.reply_to_wamid,
    media:
      message.media_storage_path && message.media_mime_type
        ? {
            storagePath: message.media_storage_path,
            mimeType: message.media_mime_type,
            filename: message.media_filename ?? "file",
            size: Number(message.media_size ?? 0),
            caption: message.media_caption,
          }
        : undefined,
  });
}

/** An internal note: shown in the thread to the team, never sent to WhatsApp. */
export async function addNote(
  tx: Tx,
  actor: Actor,
  input: { conversationId: string; idempotencyKey: string; text: string; mentions?: ChosenMention[] },
): Promise<QueuedMessage> {
  const text = input.text.trim();
  if (!text) throw new AppError("invalid", "errors.contacts.writeNote");
  const conversation = await conversationForSend(tx, actor, input.conversationId);
  return insertOutbound(tx, actor, {
    conversationId: conversation.id,
    idempotencyKey: input.idempotencyKey,
    type: "note",
    body: text,
    payload: null,
    mentions: await noteMentions(tx, actor, conversation.id, text, input.mentions ?? []),
  });
}

/**
 * Opening a conversation reads it: unread 0, a read receipt to WhatsApp for
 * the newest inbound message (the customer sees blue ticks), sent once, and
 * the agent's notifications about it read (see `readConversationNotifications`).
 */
export async function markAsRead(tx: Tx, actor: Actor, conversationId: string): Promise<{ changed: boolean }> {
  const [before] = await tx<{ was_unread: boolean }[]>`
    select (unread_count > 0 or not is_read) as was_unread from public.conversations
    where workspace_id = ${actor.workspaceId} and id = ${conversationId}
    for update`;
  if (!before) throw new AppError("not_found", "errors.inbox.conversationNotFound");
  // Even a read conversation can have unread notifications (an assignment, a mention in a note).
  await readConversationNotifications(tx, actor, conversationId);
  if (!before.was_unread) return { changed: false };
  await tx`
    update public.conversations set unread_count = 0, is_read = true
    where workspace_id = ${actor.workspaceId} and id = ${conversationId}`;
  const [last] = await tx<Pick<Row<"messages">, "id">[]>`
    select id from public.messages
    where workspace_id = ${actor.workspaceId} and conversation_id = ${conversationId}
      and direction = 'inbound' and wamid is not null and not is_historical and type <> 'reaction'
    order by sent_at desc, created_at desc, id desc limit 1`;
  if (last) await enqueue(readReceiptJob, { messageId: last.id }, { tx });
  return { changed: true };
}

/**
 * The agent's notifications about a conversation they opened: replies,
 * assignment and new-in-queue are about the conversation itself, so all are
 * read; a mention only when its note is on the thread's newest page (what
 * opening shows), since one further up has not been seen yet (the bell's
 * link to it reads it).
 */
async function readConversationNotifications(tx: Tx, actor: Actor, conversationId: string) {
  await tx`
    with shown as (
      select id from public.messages
      where workspace_id = ${actor.workspaceId} and conversation_id = ${conversationId} and type <> 'reaction'
      order by sent_at desc, created_at desc, id desc limit ${THREAD_PAGE_SIZE}
    )
    update public.notifications set read_at = now()
    where workspace_id = ${actor.workspaceId} and user_id = ${actor.userId}
      and conversation_id = ${conversationId} and read_at is null
      and (kind <> 'mention' or message_id in (select id from shown))`;
}

async function updateConversation(
  tx: Tx,
  actor: Pick<Actor, "workspaceId"> & Partial<Actor>,
  conversationId: string,
  changes: Record<string, unknown>,
) {
  const rows = await tx`
    update public.conversations set ${tx(changes)}
    where workspace_id = ${actor.workspaceId} and id = ${conversationId}
    returning id`;
  if (rows.length === 0) throw new AppError("not_found", "errors.inbox.conversationNotFound");
}

/**
 * An agent hands the conversation back to the AI assistant (it then owns it:
 * unassigned, any handover and its reply count cleared), or keeps it away
 * from it.
 */
export function setAssistantPaused(tx: Tx, actor: Actor, conversationId: string, paused: boolean) {
  return updateConversation(
    tx,
    actor,
    conversationId,
    paused
      ? { ai_paused: true }
      : { ai_paused: false, assigned_to: null, ai_replies: 0, needs_human: false, needs_human_reason: null, needs_human_at: null },
  );
}

/** Assigns to a member of the workspace, or unassigns (null). */
export async function assignConversation(
  tx: Tx,
  actor: Pick<Actor, "workspaceId"> & Partial<Actor>,
  conversationId: string,
  assigneeId: string | null,
) {
  if (assigneeId) {
    const [member] = await tx`
      select 1 from public.workspace_members where workspace_id = ${actor.workspaceId} and user_id = ${assigneeId}`;
    if (!member) throw new AppError("invalid", "errors.inbox.assignMembersOnly");
  }
  await updateConversation(tx, actor, conversationId, { assigned_to: assigneeId });
}

/** Moves the conversation to another contact (e.g. the customer's second number belongs to a known lead). */
export async function linkContactToConversation(tx: Tx, actor: Actor, conversationId: string, contactId: string) {
  const [contact] = await tx`select 1 from public.contacts where workspace_id = ${actor.workspaceId} and id = ${contactId}`;
  if (!contact) throw new AppError("not_found", "errors.contacts.notFound");
  try {
    await tx.savepoint((sp) => updateConversation(sp, actor, conversationId, { contact_id: contactId }));
  } catch (error) {
    if ((error as { code?: string }).code === "23505") {
      throw new AppError("conflict", "errors.inbox.conversationExists");
    }
    throw error;
  }
}

/** The template every new WhatsApp Business Account has: a test message that needs no open 24-hour window. */
export const TEST_TEMPLATE = { name: "hello_world", language: { code: "en_US" } } as const;

/**
 * "Send test message" on a number: the admin's phone becomes a contact with
 * a conversation on that number (or finds its existing one), and Meta's
 * hello_world template goes out through the same queue and job as every
 * send, so the result the admin sees is the real path's.
 */
export async function sendChannelTestMessage(
  tx: Tx,
  actor: Actor,
  input: { channelId: string; phoneE164: string; idempotencyKey: string },
): Promise<QueuedMessage> {
  const [channel] = await tx<Pick<Row<"whatsapp_channels">, "status">[]>`
    select status from public.whatsapp_channels where workspace_id = ${actor.workspaceId} and id = ${input.channelId}`;
  if (!channel) throw new AppError("not_found", "errors.channels.numberNotFound");
  if (channel.status === "disconnected") throw new AppError("conflict", "errors.channels.numberDisconnected");
  await tx`
    insert into public.contacts (workspace_id, phone_e164, wa_id, source)
    values (${actor.workspaceId}, ${input.phoneE164}, ${input.phoneE164.slice(1)}, 'manual')
    on conflict (workspace_id, phone_e164) do nothing`;
  await tx`
    insert into public.conversations (workspace_id, channel_id, contact_id)
    select ${actor.workspaceId}, ${input.channelId}, id from public.contacts
    where workspace_id = ${actor.workspaceId} and phone_e164 = ${input.phoneE164}
    on conflict (workspace_id, channel_id, contact_id) do nothing`;
  const [conversation] = await tx<Pick<Row<"conversations">, "id">[]>`
    select c.id from public.conversations c
    join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
    where c.workspace_id = ${actor.workspaceId} and c.channel_id = ${input.channelId} and k.phone_e164 = ${input.phoneE164}`;
  if (!conversation) throw new AppError("forbidden", "errors.inbox.cannotSend");
  return insertOutbound(tx, actor, {
    conversationId: conversation.id,
    idempotencyKey: input.idempotencyKey,
    type: "template",
    body: "Hello World (test message)",
    payload: { type: "template", template: TEST_TEMPLATE },
  });
}

/** Where a sent message stands (the test message's result on the numbers page). */
export async function messageDelivery(tx: Tx, actor: Actor, messageId: string) {
  const [row] = await tx<
    With<
      Pick<Row<"messages">, "status" | "error" | "conversation_id">,
      { error: { title?: string; message?: string; code?: number } | null }
    >[]
  >`
    select status, error, conversation_id from public.messages where workspace_id = ${actor.workspaceId} and id = ${messageId}`;
  if (!row) throw new AppError("not_found", "errors.inbox.messageNotFound");
  return { status: row.status, error: row.error?.message ?? row.error?.title ?? null, conversationId: row.conversation_id };
}
