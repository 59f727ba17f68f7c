import "server-only";
import type { ContactField } from "@/lib/contact-fields";
import type { Tx } from "@/server/db/client";
import { type ContactOptOut, getContactOptOut } from "./opt-out";
import { type ContactDetail, getContact, listFields, listTimeline, type TimelineCursor, type TimelineItem } from "./queries";

/** What a contact's page and the inbox's contact panel show and edit: the contact, the workspace's custom fields, its opt-out and its latest activity. */
export interface ContactOverview {
  contact: ContactDetail;
  fields: ContactField[];
  optOut: ContactOptOut;
  timeline: { items: TimelineItem[]; nextCursor: TimelineCursor | null };
}

/** The contact's overview, or "not found" (also for other tenants' ids). */
export async function getContactOverview(
  tx: Tx,
  workspaceId: string,
  contactId: string,
  options: { timelineLimit: number },
): Promise<ContactOverview> {
  const contact = await getContact(tx, workspaceId, contactId);
  const [fields, timeline, optOut] = await Promise.all([
    listFields(tx, workspaceId),
    listTimeline(tx, workspaceId, contact.id, { limit: options.timelineLimit }),
    getContactOptOut(tx, workspaceId, contact.id),
  ]);
  return { contact, fields, optOut, timeline };
}
