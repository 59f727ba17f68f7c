"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { CONTACT_FIELD_TYPES } from "@/lib/contact-fields";
import { STAGE_TONES } from "@/lib/lead-status";
import type { CountryCode } from "@/lib/phone";
import { workspaceAction } from "@/server/actions/define-action";
import * as commands from "@/server/contacts/commands";
import * as queries from "@/server/contacts/queries";
import * as settings from "@/server/contacts/settings";
import { asUser, type Tx } from "@/server/db/client";
import type { WorkspaceContext } from "@/server/workspaces/context";

/**
 * The CRM's Server Actions: input checked here, workspace and user from the
 * session, every statement run as the user (RLS), the logic in src/server/contacts.
 */

const PAGE_SIZE = 50;
const TIMELINE_PAGE_SIZE = 50;

const id = z.uuid();
const day = z.iso.date();
const actorOf = ({ claims, workspace }: WorkspaceContext): commands.ContactActor => ({
  workspaceId: workspace.id,
  userId: claims.sub,
  country: workspace.default_country as CountryCode,
});

const contactFilters = z.object({
  search: z.string().max(100).optional(),
  statuses: z.array(z.string().max(40)).max(50).optional(),
  tag: z.string().max(50).optional(),
  owner: z.union([id, z.literal("none")]).optional(),
  activeFrom: day.optional(),
  activeTo: day.optional(),
  noReplyDays: z.number().int().min(1).max(3650).optional(),
});

export const getContacts = workspaceAction(
  contactFilters.extend({
    sort: z.enum(queries.CONTACT_SORTS).default("last_activity"),
    direction: z.enum(["asc", "desc"]).default("desc"),
    cursor: z.object({ value: z.string().max(300), id }).nullish(),
  }),
  (context, input) =>
    asUser(context.claims, (tx) =>
      queries.listContacts(tx, context.workspace.id, {
        ...input,
        country: context.workspace.default_country as CountryCode,
        limit: PAGE_SIZE,
      }),
    ),
);

/** Contacts to pick (merge, link a conversation): by name, phone or email. */
export const searchContacts = workspaceAction(z.object({ search: z.string().max(100) }), async (context, input) => {
  const page = await asUser(context.claims, (tx) =>
    queries.listContacts(tx, context.workspace.id, {
      search: input.search,
      country: context.workspace.default_country as CountryCode,
      limit: 10,
    }),
  );
  return page.items;
});

const contactFields = {
  name: z.string().max(200).nullish(),
  email: z.union([z.email().max(254), z.literal("")]).nullish(),
  leadStatus: z.string().max(40).optional(),
  leadScore: z.number().int().min(0).max(100).optional(),
  tags: z.array(z.string().max(50)).max(50).optional(),
  ownerId: id.nullish(),
  notes: z.string().max(10_000).nullish(),
  customAttributes: z.record(z.string().max(40), z.union([z.string().max(500), z.number(), z.boolean(), z.null()])).optional(),
};

export const createContact = workspaceAction(z.object({ ...contactFields, phone: z.string().min(1).max(40) }), async (context, input) => {
  const created = await asUser(context.claims, (tx) => commands.createContact(tx, actorOf(context), input));
  revalidatePath("/contacts", "layout");
  return created;
});

export const updateContact = workspaceAction(
  z.object({ ...contactFields, contactId: id, phone: z.string().max(40).nullish() }),
  async (context, { contactId, ...changes }) => {
    await asUser(context.claims, (tx) => commands.updateContact(tx, actorOf(context), contactId, changes));
    revalidatePath("/contacts", "layout");
    return null;
  },
);

export const bulkUpdateContacts = workspaceAction(
  z.object({
    contactIds: z.array(id).min(1).max(500),
    change: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("status"), status: z.string().max(40) }),
      z.object({ kind: z.literal("tag"), tag: z.string().max(50) }),
      z.object({ kind: z.literal("owner"), ownerId: id.nullable() }),
    ]),
  }),
  async (context, input) => {
    const result = await asUser(context.claims, (tx) => commands.bulkUpdateContacts(tx, actorOf(context), input.contactIds, input.change));
    revalidatePath("/contacts", "layout");
    return result;
  },
);

export const addContactNote = workspaceAction(z.object({ contactId: id, text: z.string().max(10_000) }), async (context, input) => {
  await asUser(context.claims, (tx) => commands.addContactNote(tx, actorOf(context), input.contactId, input.text));
  revalidatePath(`/contacts/${input.contactId}`);
  return null;
});

export const mergeContacts = workspaceAction(z.object({ targetId: id, sourceId: id }), async (context, input) => {
  const merged = await asUser(context.claims, (tx) => commands.mergeContacts(tx, actorOf(context), input.targetId, input.sourceId));
  revalidatePath("/contacts", "layout");
  return merged;
});

export const deleteContact = workspaceAction(z.object({ contactId: id }), async (context, input) => {
  await asUser(context.claims, (tx) => commands.deleteContact(tx, actorOf(context), input.contactId));
  revalidatePath("/contacts", "layout");
  return null;
});

export const getTimeline = workspaceAction(
  z.object({ contactId: id, before: z.object({ at: z.iso.datetime({ offset: true }), id: z.string().max(60) }).nullish() }),
  (context, input) =>
    asUser(context.claims, async (tx) => {
      // Another workspace's id is "not found", not an empty timeline.
      await queries.getContact(tx, context.workspace.id, input.contactId);
      return queries.listTimeline(tx, context.workspace.id, input.contactId, { before: input.before, limit: TIMELINE_PAGE_SIZE });
    }),
);

// Pipeline stages and custom fields (owners and admins).

const stageKey = z.string().min(1).max(40);
const tone = z.enum(STAGE_TONES);

async function settingsChange<T>(context: WorkspaceContext, change: (tx: Tx) => Promise<T>) {
  const result = await asUser(context.claims, change);
  revalidatePath("/contacts", "layout");
  return result;
}

export const createStage = workspaceAction(z.object({ label: z.string().min(1).max(40), tone }), (context, input) =>
  settingsChange(context, (tx) => settings.createStage(tx, actorOf(context), input)),
);

export const updateStage = workspaceAction(
  z.object({ key: stageKey, label: z.string().min(1).max(40).optional(), tone: tone.optional() }),
  (context, { key, ...changes }) => settingsChange(context, (tx) => settings.updateStage(tx, actorOf(context), key, changes)),
);

export const reorderStages = workspaceAction(z.object({ keys: z.array(stageKey).min(1).max(50) }), (context, input) =>
  settingsChange(context, (tx) => settings.reorderStages(tx, actorOf(context), input.keys)),
);

export const deleteStage = workspaceAction(z.object({ key: stageKey, moveTo: stageKey }), (context, input) =>
  settingsChange(context, (tx) => settings.deleteStage(tx, actorOf(context), input.key, input.moveTo)),
);

export const createField = workspaceAction(
  z.object({ label: z.string().min(1).max(60), type: z.enum(CONTACT_FIELD_TYPES) }),
  (context, input) => settingsChange(context, (tx) => settings.createField(tx, actorOf(context), input)),
);

export const deleteField = workspaceAction(z.object({ key: z.string().min(1).max(40) }), (context, input) =>
  settingsChange(context, (tx) => settings.deleteField(tx, actorOf(context), input.key)),
);
