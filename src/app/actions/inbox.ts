"use server";

import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { CountryCode } from "@/lib/phone";
import { MAX_TEXT_LENGTH } from "@/lib/whatsapp-media";
import { workspaceAction } from "@/server/actions/define-action";
import { asUser } from "@/server/db/client";
import * as commands from "@/server/inbox/commands";
import { templateSyncJob } from "@/server/inbox/jobs";
import * as queries from "@/server/inbox/queries";
import { enqueue } from "@/server/jobs/enqueue";
import { putMedia } from "@/server/whatsapp/media/storage";
import type { WorkspaceContext } from "@/server/workspaces/context";

/**
 * The inbox's Server Actions: input checked here, the workspace and user
 * taken from the session, every statement run as the user (RLS), the logic
 * in src/server/inbox.
 */

const PAGE_SIZE = 30;
const THREAD_PAGE_SIZE = 50;

const id = z.uuid();
const idempotencyKey = z.string().min(8).max(100);
const actorOf = ({ claims, workspace }: WorkspaceContext): commands.Actor => ({ workspaceId: workspace.id, userId: claims.sub });

export const getConversations = workspaceAction(
  z.object({
    filter: z.enum(queries.CONVERSATION_FILTERS).default("all"),
    search: z.string().max(100).optional(),
    cursor: z.object({ lastMessageAt: z.iso.datetime({ offset: true }), id }).nullish(),
  }),
  (context, input) =>
    asUser(context.claims, (tx) =>
      queries.listConversations(tx, context.workspace.id, {
        ...input,
        userId: context.claims.sub,
        country: context.workspace.default_country as CountryCode,
        limit: PAGE_SIZE,
      }),
    ),
);

export const getConversation = workspaceAction(z.object({ conversationId: id }), (context, input) =>
  asUser(context.claims, (tx) => queries.getConversation(tx, context.workspace.id, input.conversationId)),
);

export const getMessages = workspaceAction(
  z.object({
    conversationId: id,
    before: z.object({ sentAt: z.iso.datetime({ offset: true }), createdAt: z.iso.datetime({ offset: true }), id }).nullish(),
  }),
  (context, input) =>
    asUser(context.claims, async (tx) => {
      // Refuses ids of other workspaces with "not found" rather than an empty thread.
      await queries.getConversation(tx, context.workspace.id, input.conversationId);
      return queries.listMessages(tx, context.workspace.id, input.conversationId, { before: input.before, limit: THREAD_PAGE_SIZE });
    }),
);

export const sendMessage = workspaceAction(
  z.object({ conversationId: id, idempotencyKey, text: z.string().max(MAX_TEXT_LENGTH), replyToMessageId: id.nullish() }),
  (context, input) => asUser(context.claims, (tx) => commands.sendText(tx, actorOf(context), input)),
);

export const sendAttachment = workspaceAction(
  z.object({
    conversationId: id,
    idempotencyKey,
    caption: z.string().max(1024).nullish(),
    file: z.instanceof(File),
  }),
  async (context, input) => {
    // Checked before the bytes are stored, so a refused file leaves nothing behind.
    const mimeType = input.file.type;
    commands.mediaKindOf(mimeType, input.file.size);
    const storagePath = `${context.workspace.id}/${randomUUID()}`;
    await putMedia(storagePath, new Uint8Array(await input.file.arrayBuffer()), mimeType);
    return asUser(context.claims, (tx) =>
      commands.sendMedia(tx, actorOf(context), {
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

export const sendTemplate = workspaceAction(
  z.object({
    conversationId: id,
    idempotencyKey,
    templateId: id,
    parameters: z.record(z.string().regex(/^(header|body)\.\d+$/), z.string().max(1024)),
  }),
  (context, input) => asUser(context.claims, (tx) => commands.sendTemplate(tx, actorOf(context), input)),
);

export const getTemplates = workspaceAction(z.object({ conversationId: id }), (context, input) =>
  asUser(context.claims, async (tx) => {
    const conversation = await queries.getConversation(tx, context.workspace.id, input.conversationId);
    return queries.listApprovedTemplates(tx, context.workspace.id, conversation.channel_id);
  }),
);

export const refreshTemplates = workspaceAction(z.object({ conversationId: id }), async (context, input) => {
  const conversation = await asUser(context.claims, (tx) => queries.getConversation(tx, context.workspace.id, input.conversationId));
  await enqueue(templateSyncJob, { channelId: conversation.channel_id });
  return null;
});

export const retryMessage = workspaceAction(z.object({ messageId: id }), (context, input) =>
  asUser(context.claims, (tx) => commands.retryMessage(tx, actorOf(context), input.messageId)),
);

export const markAsRead = workspaceAction(z.object({ conversationId: id }), (context, input) =>
  asUser(context.claims, (tx) => commands.markAsRead(tx, actorOf(context), input.conversationId)),
);

export const archiveConversation = workspaceAction(z.object({ conversationId: id }), async (context, input) => {
  await asUser(context.claims, (tx) => commands.setArchived(tx, actorOf(context), input.conversationId, true));
  return null;
});

export const unarchiveConversation = workspaceAction(z.object({ conversationId: id }), async (context, input) => {
  await asUser(context.claims, (tx) => commands.setArchived(tx, actorOf(context), input.conversationId, false));
  return null;
});

export const assignConversation = workspaceAction(z.object({ conversationId: id, assigneeId: id.nullable() }), async (context, input) => {
  await asUser(context.claims, (tx) => commands.assignConversation(tx, actorOf(context), input.conversationId, input.assigneeId));
  return null;
});

/** "Turn AI back on" (also clears a handover) or "Pause AI" for one conversation. */
export const setAssistantPaused = workspaceAction(z.object({ conversationId: id, paused: z.boolean() }), async (context, input) => {
  await asUser(context.claims, (tx) => commands.setAssistantPaused(tx, actorOf(context), input.conversationId, input.paused));
  return null;
});

export const linkContactToConversation = workspaceAction(z.object({ conversationId: id, contactId: id }), async (context, input) => {
  await asUser(context.claims, (tx) => commands.linkContactToConversation(tx, actorOf(context), input.conversationId, input.contactId));
  return null;
});

export const addNote = workspaceAction(z.object({ conversationId: id, idempotencyKey, text: z.string().max(10_000) }), (context, input) =>
  asUser(context.claims, (tx) => commands.addNote(tx, actorOf(context), input)),
);
