"use server";

import { z } from "zod";
import { audienceFilter, parameterMapping, RECIPIENT_STATES } from "@/lib/broadcasts";
import { IMPORT_MAX_BYTES } from "@/lib/contact-import";
import { defineAction } from "@/server/actions/define-action";
import { readCsvNumbers } from "@/server/broadcasts/audience";
import * as commands from "@/server/broadcasts/commands";
import { storeHeaderMedia } from "@/server/broadcasts/header-media";
import { previewBroadcast } from "@/server/broadcasts/preview";
import * as queries from "@/server/broadcasts/queries";
import { setAgentsSendBroadcasts } from "@/server/broadcasts/settings";
import { asUser } from "@/server/db/client";

/**
 * Broadcasts: any member may look; creating and running them is for
 * admins, and for agents where an admin allowed it (the commands check,
 * RLS holds the same rule).
 */

const id = z.uuid();
const phones = z.array(z.string().regex(/^\+[1-9]\d{6,14}$/)).max(100_000);
const audience = z.object({ filter: audienceFilter.nullable(), phones });

/** The numbers of an uploaded CSV, read and canonicalized (nothing is stored until the broadcast is created). */
export const readBroadcastCsv = defineAction(
  {
    name: "broadcasts.readBroadcastCsv",
    input: z.object({
      file: z.instanceof(File).refine((file) => file.size <= IMPORT_MAX_BYTES, {
        message: "validation.fileTooLarge",
        params: { megabytes: IMPORT_MAX_BYTES / 1024 / 1024 },
      }),
    }),
    role: "member",
    transaction: false,
  },
  async ({ actor, input }) => readCsvNumbers(new Uint8Array(await input.file.arrayBuffer()), actor.country),
);

/** The audience's size (opted out excluded and counted) and a sample of the message, as the wizard changes. */
export const previewBroadcastAudience = defineAction(
  {
    name: "broadcasts.previewBroadcastAudience",
    input: audience.extend({ templateId: id.nullable(), parameters: parameterMapping }),
    role: "member",
  },
  ({ tx, actor, input }) =>
    previewBroadcast(tx, actor.workspaceId, {
      templateId: input.templateId,
      parameters: input.parameters,
      filter: input.filter,
      csvPhones: input.phones,
    }),
);

/** The header's file (media-header templates) is stored before the broadcast's transaction opens (storage may be a remote service). */
export const createBroadcast = defineAction(
  {
    name: "broadcasts.createBroadcast",
    input: audience.extend({
      name: z.string().trim().min(1, "validation.nameTheBroadcast").max(120),
      channelId: id,
      templateId: id,
      parameters: parameterMapping,
      invalid: z.array(z.string().max(64)).max(100_000),
      duplicates: z.number().int().min(0),
      start: z.union([z.literal("now"), z.literal("draft"), z.iso.datetime({ offset: true })]),
      headerMedia: z.instanceof(File).nullish(),
    }),
    role: "member",
    transaction: false,
  },
  async ({ context, actor, input }) => {
    const headerMedia = input.headerMedia ? await storeHeaderMedia(actor.workspaceId, input.headerMedia) : null;
    return asUser(context.claims, (tx) =>
      commands.createBroadcast(tx, actor, {
        name: input.name,
        channelId: input.channelId,
        templateId: input.templateId,
        parameters: input.parameters,
        filter: input.filter,
        csv:
          input.phones.length || input.invalid.length
            ? { phones: input.phones, invalid: input.invalid, duplicates: input.duplicates }
            : null,
        start: input.start === "draft" ? null : input.start === "now" ? "now" : new Date(input.start),
        headerMedia,
      }),
    );
  },
);

const byId = z.object({ broadcastId: id });

export const pauseBroadcast = defineAction(
  { name: "broadcasts.pauseBroadcast", input: byId, role: "member" },
  async ({ tx, actor, input }) => {
    await commands.pauseBroadcast(tx, actor, input.broadcastId);
    return null;
  },
);

export const resumeBroadcast = defineAction(
  { name: "broadcasts.resumeBroadcast", input: byId, role: "member" },
  async ({ tx, actor, input }) => {
    await commands.resumeBroadcast(tx, actor, input.broadcastId);
    return null;
  },
);

export const sendBroadcastNow = defineAction(
  { name: "broadcasts.sendBroadcastNow", input: byId, role: "member" },
  async ({ tx, actor, input }) => {
    await commands.sendBroadcastNow(tx, actor, input.broadcastId);
    return null;
  },
);

export const cancelBroadcast = defineAction(
  { name: "broadcasts.cancelBroadcast", input: byId, role: "member" },
  async ({ tx, actor, input }) => {
    await commands.cancelBroadcast(tx, actor, input.broadcastId);
    return null;
  },
);

/** Polled by the broadcast's page while it sends: progress, failures and the recipients page it shows. */
export const getBroadcastProgress = defineAction(
  {
    name: "broadcasts.getBroadcastProgress",
    input: byId.extend({ state: z.enum(RECIPIENT_STATES).optional(), after: id.optional() }),
    role: "member",
  },
  async ({ tx, actor, input }) => {
    const [broadcast, failures, recipients] = await Promise.all([
      queries.getBroadcast(tx, actor.workspaceId, input.broadcastId),
      queries.failureGroups(tx, actor.workspaceId, input.broadcastId),
      queries.listRecipients(tx, actor.workspaceId, input.broadcastId, { state: input.state, after: input.after, limit: 50 }),
    ]);
    return { broadcast, failures, recipients };
  },
);

export const updateBroadcastPermission = defineAction(
  { name: "broadcasts.updateBroadcastPermission", input: z.object({ agentsMaySend: z.boolean() }), role: "admin" },
  async ({ tx, actor, input }) => {
    await setAgentsSendBroadcasts(tx, actor.workspaceId, input.agentsMaySend);
    return null;
  },
);
