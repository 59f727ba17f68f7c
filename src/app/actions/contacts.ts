"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { CONTACT_FIELD_TYPES } from "@/lib/contact-fields";
import { STAGE_TONES } from "@/lib/lead-status";
import { defineAction } from "@/server/actions/define-action";
import * as commands from "@/server/contacts/commands";
import * as queries from "@/server/contacts/queries";
import * as settings from "@/server/contacts/settings";

/**
 * The CRM's Server Actions: input checked here, workspace and user from the
 * session, every statement run as the user (RLS), the logic in src/server/contacts.
 */

const PAGE_SIZE = 50;
const TIMELINE_PAGE_SIZE = 50;

const id = z.uuid();
const day = z.iso.date();

const contactFilters = z.object({
  search: z.string().max(100).optional(),
  statuses: z.array(z.string().max(40)).max(50).optional(),
  tag: z.string().max(50).optional(),
  owner: z.union([id, z.literal("none")]).optional(),
  activeFrom: day.optional(),
  activeTo: day.optional(),
  noReplyDays: z.number().int().min(1).max(3650).optional(),
});

export const getContacts = defineAction(
  {
    name: "contacts.getContacts",
    input: contactFilters.extend({
      sort: z.enum(queries.CONTACT_SORTS).default("last_activity"),
      direction: z.enum(["asc", "desc"]).default("desc"),
      cursor: z.object({ value: z.string().max(300), id }).nullish(),
    }),
    role: "member",
  },
  ({ tx, actor, input }) => queries.listContacts(tx, actor.workspaceId, { ...input, country: actor.country, limit: PAGE_SIZE }),
);

/** Contacts to pick (merge, link a conversation): by name, phone or email. */
export const searchContacts = defineAction(
  { name: "contacts.searchContacts", input: z.object({ search: z.string().max(100) }), role: "member" },
  async ({ tx, actor, input }) => {
    const page = await queries.listContacts(tx, actor.workspaceId, { search: input.search, country: actor.country, limit: 10 });
    return page.items;
  },
);

const contactFields = {
  name: z.string().max(200).nullish(),
  email: z.union([z.email().max(254), z.literal("")], { error: "validation.emailLikeExample" }).nullish(),
  leadStatus: z.string().max(40).optional(),
  leadScore: z.number().int().min(0).max(100).optional(),
  tags: z.array(z.string().max(50)).max(50).optional(),
  ownerId: id.nullish(),
  notes: z.string().max(10_000).nullish(),
  customAttributes: z.record(z.string().max(40), z.union([z.string().max(500), z.number(), z.boolean(), z.null()])).optional(),
};

/** Most contact changes show on the list, the board and the contact's page. */
const revalidateContacts = <T>(result: T) => {
  revalidatePath("/contacts", "layout");
  return result;
};

export const createContact = defineAction(
  { name: "contacts.createContact", input: z.object({ ...contactFields, phone: z.string().min(1).max(40) }), role: "member" },
  async ({ tx, actor, input }) => revalidateContacts(await commands.createContact(tx, actor, input)),
);

export const updateContact = defineAction(
  {
    name: "contacts.updateContact",
    input: z.object({ ...contactFields, contactId: id, phone: z.string().max(40).nullish() }),
    role: "member",
  },
  async ({ tx, actor, input: { contactId, ...changes } }) => {
    await commands.updateContact(tx, actor, contactId, changes);
    return revalidateContacts(null);
  },
);

export const bulkUpdateContacts = defineAction(
  {
    name: "contacts.bulkUpdateContacts",
    input: z.object({
      contactIds: z.array(id).min(1).max(500),
      change: z.discriminatedUnion("kind", [
        z.object({ kind: z.literal("status"), status: z.string().max(40) }),
        z.object({ kind: z.literal("tag"), tag: z.string().max(50) }),
        z.object({ kind: z.literal("owner"), ownerId: id.nullable() }),
      ]),
    }),
    role: "member",
  },
  async ({ tx, actor, input }) => revalidateContacts(await commands.bulkUpdateContacts(tx, actor, input.contactIds, input.change)),
);

export const addContactNote = defineAction(
  { name: "contacts.addContactNote", input: z.object({ contactId: id, text: z.string().max(10_000) }), role: "member" },
  async ({ tx, actor, input }) => {
    await commands.addContactNote(tx, actor, input.contactId, input.text);
    revalidatePath(`/contacts/${input.contactId}`);
    return null;
  },
);

export const mergeContacts = defineAction(
  { name: "contacts.mergeContacts", input: z.object({ targetId: id, sourceId: id }), role: "admin" },
  async ({ tx, actor, input }) => revalidateContacts(await commands.mergeContacts(tx, actor, input.targetId, input.sourceId)),
);

export const deleteContact = defineAction(
  { name: "contacts.deleteContact", input: z.object({ contactId: id }), role: "admin" },
  async ({ tx, actor, input }) => {
    await commands.deleteContact(tx, actor, input.contactId);
    return revalidateContacts(null);
  },
);

export const getTimeline = defineAction(
  {
    name: "contacts.getTimeline",
    input: z.object({ contactId: id, before: z.object({ at: z.iso.datetime({ offset: true }), id: z.string().max(60) }).nullish() }),
    role: "member",
  },
  async ({ tx, actor, input }) => {
    // Another workspace's id is "not found", not an empty timeline.
    await queries.getContact(tx, actor.workspaceId, input.contactId);
    return queries.listTimeline(tx, actor.workspaceId, input.contactId, { before: input.before, limit: TIMELINE_PAGE_SIZE });
  },
);

// Pipeline stages and custom fields (owners and admins).

const stageKey = z.string().min(1).max(40);
const tone = z.enum(STAGE_TONES);

export const createStage = defineAction(
  { name: "contacts.createStage", input: z.object({ label: z.string().min(1).max(40), tone }), role: "admin" },
  async ({ tx, actor, input }) => revalidateContacts(await settings.createStage(tx, actor, input)),
);

export const updateStage = defineAction(
  {
    name: "contacts.updateStage",
    input: z.object({ key: stageKey, label: z.string().min(1).max(40).optional(), tone: tone.optional() }),
    role: "admin",
  },
  async ({ tx, actor, input: { key, ...changes } }) => revalidateContacts(await settings.updateStage(tx, actor, key, changes)),
);

export const reorderStages = defineAction(
  { name: "contacts.reorderStages", input: z.object({ keys: z.array(stageKey).min(1).max(50) }), role: "admin" },
  async ({ tx, actor, input }) => revalidateContacts(await settings.reorderStages(tx, actor, input.keys)),
);

export const deleteStage = defineAction(
  { name: "contacts.deleteStage", input: z.object({ key: stageKey, moveTo: stageKey }), role: "admin" },
  async ({ tx, actor, input }) => revalidateContacts(await settings.deleteStage(tx, actor, input.key, input.moveTo)),
);

export const createField = defineAction(
  { name: "contacts.createField", input: z.object({ label: z.string().min(1).max(60), type: z.enum(CONTACT_FIELD_TYPES) }), role: "admin" },
  async ({ tx, actor, input }) => revalidateContacts(await settings.createField(tx, actor, input)),
);

export const deleteField = defineAction(
  { name: "contacts.deleteField", input: z.object({ key: z.string().min(1).max(40) }), role: "admin" },
  async ({ tx, actor, input }) => revalidateContacts(await settings.deleteField(tx, actor, input.key)),
);
