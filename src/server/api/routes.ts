import "server-only";
import { z } from "zod";
import { addLabels, conversationLabels as conversationLabelsOf, createLabel, listLabels, removeLabels } from "@/server/inbox/labels";
import { cancelApiBroadcast, createApiBroadcast, getBroadcast, listBroadcasts } from "./broadcasts";
import { contactByPhone, getContact, listContacts, patchContact, upsertContact } from "./contacts";
import { listConversationMessages, listConversations, patchConversation } from "./conversations";
import { invalidInput } from "./errors";
import { type AnyApiRoute, ApiReply, defineRoute } from "./http";
import { sendMessage } from "./messages";
import {
  broadcast,
  broadcastInput,
  broadcastListQuery,
  compatSendMessageInput,
  contact,
  contactInput,
  contactListQuery,
  contactPatch,
  conversation,
  conversationLabels,
  conversationLabelsInput,
  conversationLabelsQuery,
  conversationListQuery,
  conversationPatch,
  idempotencyKey,
  idParams,
  label,
  labelInput,
  labelList,
  message,
  messageAccepted,
  messageListQuery,
  pageOf,
  phoneQuery,
  sendMessageInput,
  team,
  template,
  templateListQuery,
} from "./schemas";
import { listTeams } from "./teams";
import { listApiTemplates } from "./templates";

/**
 * Every endpoint of /api/v1. The route files in src/app/api/v1 export these,
 * and the OpenAPI document lists exactly these (a test checks both).
 */

export const contactByPhoneRoute = defineRoute({
  method: "GET",
  path: "/contacts/by-phone",
  operationId: "getContactByPhone",
  tag: "Contacts",
  summary: "Find the contact of a phone number",
  description: "Any written form finds the one contact: local with the workspace's country, with or without +, WhatsApp's MX/BR/AR forms.",
  scope: "read",
  query: phoneQuery,
  success: { status: 200, description: "The contact.", schema: contact },
  errors: [404, 422],
  examples: [{ query: { phone: "0812-3456-7890" } }, { query: { phone: "+52 1 55 1234 5678" } }],
  handler: ({ tx, key, query }) => contactByPhone(tx, key.workspaceId, key.country, query.phone),
});

export const listContactsRoute = defineRoute({
  method: "GET",
  path: "/contacts",
  operationId: "listContacts",
  tag: "Contacts",
  summary: "List contacts",
  description: "Most recently changed first, cursor-paginated.",
  scope: "read",
  query: contactListQuery,
  success: { status: 200, description: "A page of contacts.", schema: pageOf(contact) },
  errors: [422],
  examples: [{ query: { limit: "20", tag: "vip", lead_status: "qualified", updated_since: "2026-11-01T00:00:00Z" } }],
  handler: ({ tx, key, query }) => listContacts(tx, key.workspaceId, key.country, query),
});

export const upsertContactRoute = defineRoute({
  method: "POST",
  path: "/contacts",
  operationId: "upsertContact",
  tag: "Contacts",
  summary: "Create or update a contact by phone number",
  description: "Keyed by the canonical number: calling it twice makes one contact (201 the first time, 200 after).",
  scope: "write",
  body: contactInput,
  success: { status: 201, description: "Created (201) or updated (200).", schema: contact, statuses: [200] },
  errors: [422],
  examples: [
    { body: { phone: "0812 3456 7890", name: "Siti", tags: ["vip"], lead_status: "qualified", custom_attributes: { order: "A-17" } } },
  ],
  handler: async ({ tx, key, body }) => {
    const { contact: row, created } = await upsertContact(tx, key.workspaceId, key.country, body);
    return new ApiReply(created ? 201 : 200, row);
  },
});

export const getContactRoute = defineRoute({
  method: "GET",
  path: "/contacts/{id}",
  operationId: "getContact",
  tag: "Contacts",
  summary: "Get a contact",
  scope: "read",
  params: idParams,
  success: { status: 200, description: "The contact.", schema: contact },
  errors: [404, 422],
  examples: [{ params: { id: "7d3f4a1e-9c1b-4c9e-8f3a-2b6d5e4c3a21" } }],
  handler: ({ tx, key, params }) => getContact(tx, key.workspaceId, params.id),
});

export const patchContactRoute = defineRoute({
  method: "PATCH",
  path: "/contacts/{id}",
  operationId: "updateContact",
  tag: "Contacts",
  summary: "Change a contact's name, email, tags, lead status or attributes",
  scope: "write",
  params: idParams,
  body: contactPatch,
  success: { status: 200, description: "The contact as changed.", schema: contact },
  errors: [404, 422],
  examples: [{ params: { id: "7d3f4a1e-9c1b-4c9e-8f3a-2b6d5e4c3a21" }, body: { lead_status: "won", custom_attributes: { order: null } } }],
  handler: ({ tx, key, params, body }) => patchContact(tx, { workspaceId: key.workspaceId, country: key.country }, params.id, body),
});

export const listConversationsRoute = defineRoute({
  method: "GET",
  path: "/conversations",
  operationId: "listConversations",
  tag: "Conversations",
  summary: "List conversations",
  description: "Newest last message first, cursor-paginated.",
  scope: "read",
  query: conversationListQuery,
  success: { status: 200, description: "A page of conversations.", schema: pageOf(conversation) },
  errors: [422],
  examples: [{ query: { status: "open", unread: "true", assignee: "none" } }, { query: { label: "7d3f4a1e-9c1b-4c9e-8f3a-2b6d5e4c3a21" } }],
  handler: ({ tx, key, query }) => listConversations(tx, key.workspaceId, query),
});

export const patchConversationRoute = defineRoute({
  method: "PATCH",
  path: "/conversations/{id}",
  operationId: "updateConversation",
  tag: "Conversations",
  summary: "Change a conversation's status (open, pending, snoozed until a time, resolved), team or assignee",
  scope: "write",
  params: idParams,
  body: conversationPatch,
  success: { status: 200, description: "The conversation as changed.", schema: conversation },
  errors: [404, 422],
  examples: [
    { params: { id: "0b8e2f6c-5d4a-4e3b-9a2c-1f0e9d8c7b6a" }, body: { status: "resolved" } },
    { params: { id: "0b8e2f6c-5d4a-4e3b-9a2c-1f0e9d8c7b6a" }, body: { status: "snoozed", snoozed_until: "2030-01-06T09:00:00+07:00" } },
  ],
  handler: ({ tx, key, params, body }) => patchConversation(tx, key.workspaceId, params.id, body),
});

export const listTeamsRoute = defineRoute({
  method: "GET",
  path: "/teams",
  operationId: "listTeams",
  tag: "Teams",
  summary: "List teams",
  description: "Every team of the workspace, by name, with its members.",
  scope: "read",
  success: { status: 200, description: "The teams.", schema: z.object({ data: z.array(team) }) },
  errors: [],
  examples: [{}],
  handler: async ({ tx, key }) => ({ data: await listTeams(tx, key.workspaceId) }),
});

export const listMessagesRoute = defineRoute({
  method: "GET",
  path: "/conversations/{id}/messages",
  operationId: "listMessages",
  tag: "Conversations",
  summary: "List a conversation's messages",
  description: "Newest first, cursor-paginated.",
  scope: "read",
  params: idParams,
  query: messageListQuery,
  success: { status: 200, description: "A page of messages.", schema: pageOf(message) },
  errors: [404, 422],
  examples: [{ params: { id: "0b8e2f6c-5d4a-4e3b-9a2c-1f0e9d8c7b6a" }, query: { limit: "50" } }],
  handler: ({ tx, key, params, query }) => listConversationMessages(tx, key.workspaceId, params.id, query),
});

export const sendMessageRoute = defineRoute({
  method: "POST",
  path: "/messages",
  operationId: "sendMessage",
  tag: "Messages",
  summary: "Send a text, template or media message",
  description:
    "Queued and sent through the workspace's WhatsApp number; the status then follows WhatsApp's webhooks. " +
    "Free text and media need the customer's 24-hour window (409 with details.reason `outside_24h_window`); templates do not.",
  scope: "write",
  body: sendMessageInput,
  headerParams: [
    {
      name: "Idempotency-Key",
      description:
        "Retries with the same key and body get the first answer and never send twice; the same key with another body is a 422 (keys are per API key).",
      schema: idempotencyKey,
    },
  ],
  success: { status: 202, description: "Accepted and queued.", schema: messageAccepted },
  errors: [404, 409, 422],
  examples: [
    { body: { phone: "+62 812 3456 7890", type: "text", text: "Pesanan kakak sudah dikirim 🚚" } },
    {
      body: {
        contact_id: "7d3f4a1e-9c1b-4c9e-8f3a-2b6d5e4c3a21",
        type: "template",
        template: { name: "order_shipped", language: "id", parameters: { body: ["Siti", "A-17"] } },
      },
    },
    {
      body: {
        phone: "0812 3456 7890",
        type: "media",
        media: { kind: "document", url: "https://shop.example/invoices/A-17.pdf", filename: "A-17.pdf" },
      },
    },
  ],
  handler: async ({ tx, key, body, headers, responseHeaders }) => {
    const header = headers.get("idempotency-key");
    const parsedKey = header === null ? null : idempotencyKey.safeParse(header);
    if (parsedKey && !parsedKey.success) {
      throw invalidInput([{ field: "header.Idempotency-Key", message: "1 to 200 characters" }]);
    }
    const { accepted, replayed } = await sendMessage(tx, key, body, parsedKey?.data ?? null);
    if (replayed) responseHeaders.set("idempotent-replayed", "true");
    return accepted;
  },
});

export const listLabelsRoute = defineRoute({
  method: "GET",
  path: "/labels",
  operationId: "listLabels",
  tag: "Labels",
  summary: "List conversation labels",
  description: "The workspace's labels for conversations (distinct from contact tags), by name.",
  scope: "read",
  success: { status: 200, description: "Every label of the workspace.", schema: labelList },
  errors: [],
  examples: [{}],
  handler: async ({ tx, key }) => ({ data: await listLabels(tx, key.workspaceId) }),
});

export const createLabelRoute = defineRoute({
  method: "POST",
  path: "/labels",
  operationId: "createLabel",
  tag: "Labels",
  summary: "Create a conversation label",
  description: "Names are unique per workspace, ignoring case (409 when taken).",
  scope: "write",
  body: labelInput,
  success: { status: 201, description: "Created.", schema: label },
  errors: [409, 422],
  examples: [{ body: { name: "Billing", color: "blue", description: "Payments and invoices" } }],
  handler: ({ tx, key, body }) =>
    // An API key is not a person the audit log can name; its requests are in the API's own log.
    createLabel(tx, key.workspaceId, { ...body, description: body.description ?? null }, false),
});

export const addConversationLabelsRoute = defineRoute({
  method: "POST",
  path: "/conversations/{id}/labels",
  operationId: "addConversationLabels",
  tag: "Labels",
  summary: "Put labels on a conversation",
  description: "Labels it already carries stay as they are. Answers the conversation's labels after the change.",
  scope: "write",
  params: idParams,
  body: conversationLabelsInput,
  success: { status: 200, description: "The conversation's labels now.", schema: conversationLabels },
  errors: [404, 422],
  examples: [{ params: { id: "0b8e2f6c-5d4a-4e3b-9a2c-1f0e9d8c7b6a" }, body: { label_ids: ["7d3f4a1e-9c1b-4c9e-8f3a-2b6d5e4c3a21"] } }],
  handler: async ({ tx, key, params, body }) => {
    await addLabels(tx, key.workspaceId, params.id, body.label_ids);
    return { data: await conversationLabelsOf(tx, key.workspaceId, params.id) };
  },
});

export const removeConversationLabelsRoute = defineRoute({
  method: "DELETE",
  path: "/conversations/{id}/labels",
  operationId: "removeConversationLabels",
  tag: "Labels",
  summary: "Take labels off a conversation",
  description: "Labels it does not carry are ignored. Answers the conversation's labels after the change.",
  scope: "write",
  params: idParams,
  query: conversationLabelsQuery,
  success: { status: 200, description: "The conversation's labels now.", schema: conversationLabels },
  errors: [404, 422],
  examples: [{ params: { id: "0b8e2f6c-5d4a-4e3b-9a2c-1f0e9d8c7b6a" }, query: { label_ids: "7d3f4a1e-9c1b-4c9e-8f3a-2b6d5e4c3a21" } }],
  handler: async ({ tx, key, params, query }) => {
    await removeLabels(tx, key.workspaceId, params.id, query.label_ids);
    return { data: await conversationLabelsOf(tx, key.workspaceId, params.id) };
  },
});

export const listTemplatesRoute = defineRoute({
  method: "GET",
  path: "/templates",
  operationId: "listTemplates",
  tag: "Templates",
  summary: "List message templates",
  description:
    "The workspace's WhatsApp message templates with their review status, quality and parameters; most recently changed first, cursor-paginated.",
  scope: "read",
  query: templateListQuery,
  success: { status: 200, description: "A page of templates.", schema: pageOf(template) },
  errors: [422],
  examples: [{ query: { status: "APPROVED", limit: "20" } }],
  handler: ({ tx, key, query }) => listApiTemplates(tx, key.workspaceId, query),
});

export const listBroadcastsRoute = defineRoute({
  method: "GET",
  path: "/broadcasts",
  operationId: "listBroadcasts",
  tag: "Broadcasts",
  summary: "List broadcasts",
  description: "Newest first, cursor-paginated, each with its recipients counted by state.",
  scope: "read",
  query: broadcastListQuery,
  success: { status: 200, description: "A page of broadcasts.", schema: pageOf(broadcast) },
  errors: [422],
  examples: [{ query: { state: "sending" } }],
  handler: ({ tx, key, query }) => listBroadcasts(tx, key.workspaceId, query),
});

export const createBroadcastRoute = defineRoute({
  method: "POST",
  path: "/broadcasts",
  operationId: "createBroadcast",
  tag: "Broadcasts",
  summary: "Send an approved template to a segment and/or a list of numbers",
  description:
    "Starts now, or at `send_at`. Contacts who opted out, contacts without a number and entries that are not numbers are skipped and counted; " +
    "each number is sent once. Progress: GET the broadcast, or the `broadcast.started` / `broadcast.completed` webhooks.",
  scope: "write",
  body: broadcastInput,
  success: { status: 201, description: "Created.", schema: broadcast },
  errors: [404, 409, 422],
  examples: [
    {
      body: {
        name: "December promo",
        channel_id: "3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        template_id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        parameters: { "body.1": { source: "contact", field: "first_name", fallback: "there" } },
        audience: { filter: { tags: ["vip"], statuses: ["qualified"] }, phones: ["+62 812 3456 7890"] },
      },
    },
  ],
  handler: async ({ tx, key, body }) => new ApiReply(201, await createApiBroadcast(tx, key, body)),
});

export const getBroadcastRoute = defineRoute({
  method: "GET",
  path: "/broadcasts/{id}",
  operationId: "getBroadcast",
  tag: "Broadcasts",
  summary: "Get a broadcast with its counts",
  scope: "read",
  params: idParams,
  success: { status: 200, description: "The broadcast.", schema: broadcast },
  errors: [404, 422],
  examples: [{ params: { id: "5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c" } }],
  handler: ({ tx, key, params }) => getBroadcast(tx, key.workspaceId, params.id),
});

export const cancelBroadcastRoute = defineRoute({
  method: "POST",
  path: "/broadcasts/{id}/cancel",
  operationId: "cancelBroadcast",
  tag: "Broadcasts",
  summary: "Cancel a broadcast",
  description: "No further message is queued; those already queued may still be sent. The rest are skipped.",
  scope: "write",
  params: idParams,
  success: { status: 200, description: "The broadcast, cancelled.", schema: broadcast },
  errors: [404, 409, 422],
  examples: [{ params: { id: "5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c" } }],
  handler: ({ tx, key, params }) => cancelApiBroadcast(tx, key, params.id),
});

export const API_ROUTES: AnyApiRoute[] = [
  contactByPhoneRoute,
  listContactsRoute,
  upsertContactRoute,
  getContactRoute,
  patchContactRoute,
  listConversationsRoute,
  patchConversationRoute,
  listMessagesRoute,
  sendMessageRoute,
  listLabelsRoute,
  createLabelRoute,
  addConversationLabelsRoute,
  removeConversationLabelsRoute,
  listTeamsRoute,
  listTemplatesRoute,
  listBroadcastsRoute,
  createBroadcastRoute,
  getBroadcastRoute,
  cancelBroadcastRoute,
];

export const API_VERSION_PREFIX = "/api/v1";

/**
 * The compatibility contract: the paths that CRMs built on Kapso or
 * 360dialog call (with `x-api-key`), served by the /api/v1 routes
 * themselves. Only the URL, the operation's name and, for the send, the
 * body's spelling differ; the handler, scope, rate limit, idempotency and
 * answers are the original's.
 */
function alias(route: AnyApiRoute, path: string, changes: Pick<AnyApiRoute, "body" | "examples"> = {}): AnyApiRoute {
  return {
    ...route,
    ...changes,
    path,
    operationId: `${route.operationId}Alias`,
    description:
      `Alias of ${route.method} ${API_VERSION_PREFIX}${route.path}, for CRMs built on Kapso or 360dialog. ${route.description ?? ""}`.trim(),
    aliasOf: route,
  };
}

export const contactByPhoneAlias = alias(contactByPhoneRoute, "/api/contacts/by-phone");
export const listConversationsAlias = alias(listConversationsRoute, "/api/conversations");
export const sendMessageAlias = alias(sendMessageRoute, "/api/messages/send", {
  body: compatSendMessageInput,
  examples: [
    { body: { phone: "+62 812 3456 7890", text: "Pesanan kakak sudah dikirim 🚚" } },
    { body: { conversationId: "0b8e2f6c-5d4a-4e3b-9a2c-1f0e9d8c7b6a", text: "Terima kasih kak" } },
    { body: { phone: "0812 3456 7890", template: { name: "order_shipped", language: "id", parameters: { body: ["Siti", "A-17"] } } } },
  ],
});

/** The compatibility contract's paths (absolute: they are not under /api/v1). */
export const COMPAT_ROUTES: AnyApiRoute[] = [contactByPhoneAlias, listConversationsAlias, sendMessageAlias];
