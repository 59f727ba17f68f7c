import "server-only";
import {
  DEFAULT_OPT_OUT_KEYWORDS,
  LANGUAGE_OPT_OUT_WORDS,
  MARKETING_OPT_OUT_BUTTON,
  MAX_KEYWORD_LENGTH,
  MAX_OPT_OUT_KEYWORDS,
  normalizeKeyword,
  normalizeKeywords,
} from "@/lib/opt-out";
import { recordAudit } from "@/server/audit/record";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import { assertAdmin } from "@/server/workspaces/queries";
import type { ContactActor } from "./commands";

/**
 * Opting out of broadcasts: by the customer (a stop word as the whole
 * message, or a template's opt-out button), or by an admin, who can also
 * reverse it. The contact event and the outbound webhook event are the
 * database's (trigger of migration …20261206160000), so every path records
 * them; the guard there also refuses agents.
 */

export type OptOutSource = "keyword" | "button" | "admin" | "api";

/** A message just stored, as the opt-out check reads it. */
export interface StoredInbound {
  workspaceId: string;
  contactId: string;
  direction: "inbound" | "outbound";
  isHistorical: boolean;
  type: string;
  body: string | null;
  /** The provider's message object (type "button": button.text / button.payload; "interactive": button_reply). */
  content: Record<string, unknown>;
  timestamp: Date;
}

interface Candidate {
  workspace_id: string;
  contact_id: string;
  at: Date;
  source: "keyword" | "button";
  reason: string;
  /** Normalised forms that opt out when one of them is a stop word of the workspace. */
  words: string[];
  /** Meta's marketing opt-out button: opts out whatever the workspace's words are. */
  always: boolean;
}

const record = (value: unknown): Record<string, unknown> | null =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
const text = (value: unknown) => (typeof value === "string" ? value : null);

/** What a tapped button says: its label and its payload (Meta's button, or an interactive reply button). */
function buttonTexts(message: StoredInbound): string[] {
  if (message.type === "button") {
    const button = record(message.content.button);
    return [text(button?.text), text(button?.payload)].filter((t): t is string => Boolean(t));
  }
  const reply = record(record(message.content.interactive)?.button_reply);
  return [text(reply?.title), text(reply?.id)].filter((t): t is string => Boolean(t));
}

/**
 * Whether a message could opt its sender out, and with which words: a text
 * is compared whole ("stop by tomorrow" is no stop word); a button by its
 * label and payload, whole or any word of them ("STOP_PROMO" has STOP).
 */
function candidate(message: StoredInbound): Candidate | null {
  if (message.direction !== "inbound" || message.isHistorical) return null;
  const base = { workspace_id: message.workspaceId, contact_id: message.contactId, at: message.timestamp };
  if (message.type === "text") {
    const words = message.body ? normalizeKeyword(message.body) : "";
    if (!words || words.length > MAX_KEYWORD_LENGTH) return null;
    return { ...base, source: "keyword", reason: message.body?.trim() ?? words, words: [words], always: false };
  }
  if (message.type !== "button" && message.type !== "interactive") return null;
  const labels = buttonTexts(message);
  const normalized = labels.map(normalizeKeyword).filter(Boolean);
  if (normalized.length === 0) return null;
  return {
    ...base,
    source: "button",
    reason: (labels[0] ?? "").slice(0, 200),
    words: [...new Set([...normalized, ...normalized.flatMap((n) => n.split(" "))])],
    always: normalized.includes(MARKETING_OPT_OUT_BUTTON),
  };
}

/**
 * Marks the senders of stop words opted out, in the transaction that stored
 * their messages: one statement for the whole batch, none when no message
 * could be one. A contact already opted out keeps the moment it started.
 * A workspace that kept the default words also recognises its language's
 * (LANGUAGE_OPT_OUT_WORDS, by `default_locale`).
 */
export async function recordOptOuts(tx: Tx, messages: StoredInbound[]): Promise<void> {
  const candidates = messages.flatMap((m) => candidate(m) ?? []);
  if (candidates.length === 0) return;
  await tx`
    update public.contacts k
    set opted_out_at = t.at, opted_out_source = t.source, opted_out_reason = left(t.reason, 200)
    from json_to_recordset(${JSON.stringify(candidates)}::text::json)
      as t(workspace_id uuid, contact_id uuid, at timestamptz, source text, reason text, words text[], always boolean)
    join public.workspaces w on w.id = t.workspace_id
    cross join lateral (
      select ${tx.array(DEFAULT_OPT_OUT_KEYWORDS)}::text[] as defaults,
             array(select jsonb_array_elements_text(${JSON.stringify(LANGUAGE_OPT_OUT_WORDS)}::text::jsonb -> w.default_locale)) as language
    ) d
    where k.workspace_id = t.workspace_id and k.id = t.contact_id and k.opted_out_at is null
      and (t.always or t.words && w.opt_out_keywords
           or (w.opt_out_keywords @> d.defaults and d.defaults @> w.opt_out_keywords and t.words && d.language))`;
}

export type ContactOptOut = Pick<Row<"contacts">, "opted_out_reason"> & {
  opted_out_at: string | null;
  opted_out_source: OptOutSource | null;
};

export async function getContactOptOut(tx: Tx, workspaceId: string, contactId: string): Promise<ContactOptOut> {
  const [row] = await tx<ContactOptOut[]>`
    select to_char(opted_out_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as opted_out_at, opted_out_source, opted_out_reason
    from public.contacts where workspace_id = ${workspaceId} and id = ${contactId}`;
  if (!row) throw new AppError("not_found", "errors.contacts.notFound");
  return row;
}

/** An admin opts a contact out (with an optional note why) or back in; audited. Nothing changes when it already is so. */
export async function setContactOptOut(
  tx: Tx,
  actor: ContactActor,
  contactId: string,
  input: { optedOut: boolean; reason?: string | null },
): Promise<{ changed: boolean }> {
  await assertAdmin(tx, actor.workspaceId);
  const [contact] = await tx<(Pick<Row<"contacts">, "phone_e164"> & { name: string | null; was_opted_out: boolean })[]>`
    select coalesce(name, profile_name, username) as name, phone_e164, opted_out_at is not null as was_opted_out
    from public.contacts where workspace_id = ${actor.workspaceId} and id = ${contactId}
    for update`;
  if (!contact) throw new AppError("not_found", "errors.contacts.notFound");
  if (contact.was_opted_out === input.optedOut) return { changed: false };
  const reason = input.reason?.trim().slice(0, 200) || null;
  await tx`
    update public.contacts set ${
      input.optedOut
        ? tx({ opted_out_at: new Date(), opted_out_source: "admin", opted_out_reason: reason })
        : tx({ opted_out_at: null, opted_out_source: null, opted_out_reason: null })
    }
    where workspace_id = ${actor.workspaceId} and id = ${contactId}`;
  await recordAudit(tx, {
    workspaceId: actor.workspaceId,
    action: input.optedOut ? "contact.opted_out" : "contact.opted_in",
    target: { type: "contact", id: contactId, label: contact.name ?? contact.phone_e164 },
    details: input.optedOut && reason ? { reason } : {},
  });
  return { changed: true };
}

export async function getOptOutKeywords(tx: Tx, workspaceId: string): Promise<string[]> {
  const [row] = await tx<Pick<Row<"workspaces">, "opt_out_keywords">[]>`
    select opt_out_keywords from public.workspaces where id = ${workspaceId}`;
  if (!row) throw new AppError("not_found", "errors.workspaces.notFound");
  return row.opt_out_keywords;
}

/** Admins set the workspace's stop words (stored normalised); audited with the list before and after. */
export async function updateOptOutKeywords(tx: Tx, actor: ContactActor, keywords: string[]): Promise<string[]> {
  await assertAdmin(tx, actor.workspaceId);
  const normalized = normalizeKeywords(keywords);
  if (normalized.length > MAX_OPT_OUT_KEYWORDS)
    throw new AppError("invalid", { key: "errors.settings.tooManyKeywords", values: { max: MAX_OPT_OUT_KEYWORDS } });
  const tooLong = normalized.find((k) => k.length > MAX_KEYWORD_LENGTH);
  if (tooLong) throw new AppError("invalid", { key: "errors.settings.keywordTooLong", values: { word: tooLong, max: MAX_KEYWORD_LENGTH } });
  const [row] = await tx<(Pick<Row<"workspaces">, "name"> & { before: string[] })[]>`
    update public.workspaces w set opt_out_keywords = ${tx.array(normalized)}::text[]
    from (select opt_out_keywords from public.workspaces where id = ${actor.workspaceId} for update) old
    where w.id = ${actor.workspaceId}
    returning w.name, old.opt_out_keywords as before`;
  if (!row) throw new AppError("not_found", "errors.workspaces.notFound");
  if (row.before.join("\n") !== normalized.join("\n")) {
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      action: "workspace.opt_out_keywords_updated",
      target: { type: "workspace", id: actor.workspaceId, label: row.name },
      details: { from: row.before, to: normalized },
    });
  }
  return normalized;
}
