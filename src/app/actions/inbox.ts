"use server";

import { randomUUID } from "node:crypto";
import { z } from "zod";
import { conversationFilter, DEFAULT_FILTER } from "@/lib/conversation-filter";
import { MENTION_NAME_MAX } from "@/lib/mentions";
import { MAX_TEXT_LENGTH } from "@/lib/whatsapp-media";
import { defineAction } from "@/server/actions/define-action";
import { asUser } from "@/server/db/client";
import * as commands from "@/server/inbox/commands";
import * as queries from "@/server/inbox/queries";
import * as status from "@/server/inbox/status";
import { enqueue } from "@/server/jobs/enqueue";
import { putMedia } from "@/server/whatsapp/media/storage";
import { templateSyncJob } from "@/server/whatsapp/templates/jobs";

/**
 * The inbox's Server Actions: input checked here, the workspace and user
 * taken from the session, every statement run as the user (RLS), the logic
 * in src/server/inbox.
 */

const PAGE_SIZE = 30;

const id = z.uuid();
const idempotencyKey = z.string().min(8).max(100);

export const getConversations = defineAction(
  {
    name: "inbox.getConversations",
    input: z.object({
      filter: conversationFilter.default(DEFAULT_FILTER),
      search: z.string().max(100).optional(),
      cursor: z.object({ lastMessageAt: z.iso.datetime({ offset: true }), seq: z.string().regex(/^\d{1,19}$/) }).nullish(),
    }),
    role: "member",
  },
  ({ tx, actor, input }) =>
    queries.listConversations(tx, actor.workspaceId, { ...input, userId: actor.userId, country: actor.country, limit: PAGE_SIZE }),
);

export const getConversation = defineAction(
  { name: "inbox.getConversation", input: z.object({ conversationId: id }), role: "member" },
  ({ tx, actor, input }) => queries.getConversation(tx, actor.workspaceId, input.conversationId),
);

export const getMessages = defineAction(
  {
    name: "inbox.getMessages",
    input: z.object({
      conversationId: id,
      before: z.object({ sentAt: z.iso.datetime({ offset: true }), createdAt: z.iso.datetime({ offset: true }), id }).nullish(),
    }),
    role: "member",
  },
  async ({ tx, actor, input }) => {
    // Refuses ids of other workspaces with "not found" rather than an empty thread.
    await queries.getConversation(tx, actor.workspaceId, input.conversationId);
    return queries.listMessages(tx, actor.workspaceId, input.conversationId, {
      before: input.before,
      limit: queries.THREAD_PAGE_SIZE,
      activity: true,
    });
  },
);

export const sendMessage = defineAction(
  {
    name: "inbox.sendMessage",
    input: z.object({ conversationId: id, idempotencyKey, text: z.string().max(MAX_TEXT_LENGTH), replyToMessageId: id.nullish() }),
    role: "member",
  },
  ({ tx, actor, input }) => commands.sendText(tx, actor, input),
);

/** The file is stored before the message's transaction opens (storage may be a remote service). */
export const sendAttachment = defineAction(
  {
    name: "inbox.sendAttachment",
    input: z.object({ conversationId: id, idempotencyKey, caption: z.string().max(1024).nullish(), file: z.instanceof(File) }),
    role: "member",
    transaction: false,
  },
  async ({ context, actor, input }) => {
    // Checked before the bytes are stored, so a refused file leaves nothing behind.
    const mimeType = input.file.type;
    commands.mediaKindOf(mimeType, input.file.size);
    const storagePath = `${actor.workspaceId}/${randomUUID()}`;
    await putMedia(storagePath, new Uint8Array(await input.file.arrayBuffer()), mimeType);
    return asUser(context.claims, (tx) =>
      commands.sendMedia(tx, actor, {
        conversationId: input.conversationId,
        idempotencyKey: input.idempotencyKey,
        storagePath,
        mimeType,
        filename: input.file.name || "file",
        size: input.file.size,
        caption: input.caption ?? null,
      }),
    );
  },
);

export const sendTemplate = defineAction(
  {
    name: "inbox.sendTemplate",
    input: z.object({
      conversationId: id,
      idempotencyKey,
      templateId: id,
      parameters: z.record(z.string().regex(/^(header|body)\.\d+$/), z.string().max(1024)),
    }),
    role: "member",
  },
  ({ tx, actor, input }) => commands.sendTemplate(tx, actor, input),
);

export const getTemplates = defineAction(
  { name: "inbox.getTemplates", input: z.object({ conversationId: id }), role: "member" },
  async ({ tx, actor, input }) => {
    const conversation = await queries.getConversation(tx, actor.workspaceId, input.conversationId);
    return queries.listApprovedTemplates(tx, actor.workspaceId, conversation.channel_id);
  },
);

/** The sync job is queued after the read's transaction, on the queue's own connection. */
export const refreshTemplates = defineAction(
  { name: "inbox.refreshTemplates", input: z.object({ conversationId: id }), role: "member", transaction: false },
  async ({ context, actor, input }) => {
    const conversation = await asUser(context.claims, (tx) => queries.getConversation(tx, actor.workspaceId, input.conversationId));
    await enqueue(templateSyncJob, { channelId: conversation.channel_id });
    return null;
  },
);

export const retryMessage = defineAction(
  { name: "inbox.retryMessage", input: z.object({ messageId: id }), role: "member" },
  ({ tx, actor, input }) => commands.retryMessage(tx, actor, input.messageId),
);

export const markAsRead = defineAction(
  { name: "inbox.markAsRead", input: z.object({ conversationId: id }), role: "member" },
  ({ tx, actor, input }) => commands.markAsRead(tx, actor, input.conversationId),
);

/** Resolve, reopen, mark pending, or snooze: a preset, a time on the workspace's clock (datetime-local) or an instant. */
export const setConversationStatus = defineAction(
  {
    name: "inbox.setConversationStatus",
    input: z.discriminatedUnion("status", [
      z.object({ conversationId: id, status: z.enum(["open", "pending", "resolved"]) }),
      z.object({
        conversationId: id,
        status: z.literal("snoozed"),
        snooze: status.snoozeTime,
      }),
    ]),
    role: "member",
  },
  async ({ tx, actor, input: { conversationId, ...change } }) => {
    await status.setConversationStatus(tx, actor, conversationId, change);
    return null;
  },
);

/** The snooze menu: each preset's wake time on the workspace's clock, now. */
export const getSnoozeOptions = defineAction({ name: "inbox.getSnoozeOptions", input: z.object({}), role: "member" }, ({ tx, actor }) =>
  status.getSnoozeOptions(tx, actor.workspaceId),
);

export const assignConversation = defineAction(
  { name: "inbox.assignConversation", input: z.object({ conversationId: id, assigneeId: id.nullable() }), role: "member" },
  async ({ tx, actor, input }) => {
    await commands.assignConversation(tx, actor, input.conversationId, input.assigneeId);
    return null;
  },
);

/** "Turn AI back on" (also clears a handover) or "Pause AI" for one conversation. */
export const setAssistantPaused = defineAction(
  { name: "inbox.setAssistantPaused", input: z.object({ conversationId: id, paused: z.boolean() }), role: "member" },
  async ({ tx, actor, input }) => {
    await commands.setAssistantPaused(tx, actor, input.conversationId, input.paused);
    return null;
  },
);

export const linkContactToConversation = defineAction(
  { name: "inbox.linkContactToConversation", input: z.object({ conversationId: id, contactId: id }), role: "member" },
  async ({ tx, actor, input }) => {
    await commands.linkContactToConversation(tx, actor, input.conversationId, input.contactId);
    return null;
  },
);

export const addNote = defineAction(
  {
    name: "inbox.addNote",
    input: z.object({
      conversationId: id,
      idempotencyKey,
      text: z.string().max(10_000),
      mentions: z
        .array(z.object({ userId: id, name: z.string().min(1).max(MENTION_NAME_MAX) }))
        .max(50)
        .default([]),
    }),
    role: "member",
  },
  ({ tx, actor, input }) => commands.addNote(tx, actor, input),
);
