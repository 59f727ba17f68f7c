/** Canned responses: short codes, the variables their bodies may hold, and how the composer finds one. */

export const CANNED_CODE = /^\/[a-z0-9][a-z0-9_-]{0,31}$/;
export const CANNED_TITLE_MAX = 80;
export const CANNED_BODY_MAX = 4096;

/** What a response's variables are filled from: the conversation's contact, the agent inserting it, the workspace. */
export interface CannedContext {
  contact: { name: string | null; phone: string | null; email: string | null; fields: Record<string, string | number | boolean> };
  agent: { name: string | null };
  workspace: { name: string | null };
}

/** The picker's view of a response (the settings page reads more). */
export interface CannedOption {
  id: string;
  code: string;
  title: string;
  body: string;
  personal: boolean;
  attachment: CannedAttachment | null;
}

/** The file a response attaches to the composer (its bytes are served by cannedAttachmentUrl). */
export interface CannedAttachment {
  /** Changes whenever the file is replaced. */
  id: string;
  name: string;
  type: string;
  size: number;
}

/** Where a member fetches a response's file; the version makes a replaced file a new address (it is cached). */
export const cannedAttachmentUrl = (responseId: string, attachment: CannedAttachment) =>
  `/api/canned/${responseId}/attachment?v=${attachment.id}`;

const VARIABLE = /\{\{\s*([a-z_]+(?:\.[a-z0-9_]+)+)\s*\}\}/gi;

const firstName = (name: string | null) => name?.trim().split(/\s+/)[0] ?? null;

function lookup(path: string, context: CannedContext): string | null {
  const [scope, key, ...rest] = path.toLowerCase().split(".");
  if (!key || rest.length > 0) return null;
  if (scope === "agent") return key === "name" ? context.agent.name : key === "first_name" ? firstName(context.agent.name) : null;
  if (scope === "workspace") return key === "name" ? context.workspace.name : null;
  if (scope !== "contact") return null;
  switch (key) {
    case "name":
      return context.contact.name;
    case "first_name":
      return firstName(context.contact.name);
    case "phone":
      return context.contact.phone;
    case "email":
      return context.contact.email;
    default: {
      const value = context.contact.fields[key];
      return value === undefined ? null : String(value);
    }
  }
}

/**
 * A body with its `{{scope.key}}` variables filled. A variable that is
 * unknown or has no value becomes empty (a customer never sees braces);
 * `missing` names those, in order, once each, for the picker to warn about.
 */
export function fillCannedBody(body: string, context: CannedContext): { text: string; missing: string[] } {
  const missing: string[] = [];
  const text = body.replace(VARIABLE, (_match, path: string) => {
    const value = lookup(path, context)?.trim();
    if (value) return value;
    if (!missing.includes(path)) missing.push(path);
    return "";
  });
  return { text, missing };
}

/**
 * The `/query` being typed at the caret, when it starts the text or follows
 * whitespace: where it starts and what follows the slash. Null otherwise
 * (a URL's slashes do not open the picker).
 */
export function cannedQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([a-z0-9_-]*)$/i.exec(before);
  if (!match) return null;
  const query = match[2] ?? "";
  return { start: caret - query.length - 1, query: query.toLowerCase() };
}

/** Responses whose code or title contain the query: code prefixes first, then the rest, each alphabetically. */
export function matchCanned<T extends Pick<CannedOption, "code" | "title">>(options: T[], query: string): T[] {
  const q = query.toLowerCase();
  const hits = options.filter((o) => o.code.slice(1).includes(q) || o.title.toLowerCase().includes(q));
  const rank = (o: T) => (o.code.slice(1).startsWith(q) ? 0 : 1);
  return hits.sort((a, b) => rank(a) - rank(b) || a.code.localeCompare(b.code));
}

/** The picker's highlight after a key: the list wraps around; other keys leave it. */
export function moveHighlight(current: number, count: number, key: string): number {
  if (count === 0) return 0;
  if (key === "ArrowDown") return (current + 1) % count;
  if (key === "ArrowUp") return (current - 1 + count) % count;
  return Math.min(current, count - 1);
}
