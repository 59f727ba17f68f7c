/**
 * `@name` mentions in internal notes. The composer remembers which member
 * each inserted `@name` stands for; the server stores the member's id with
 * where the `@name` is in the note (`content.mentions`), so the note names
 * its targets by id for good: a member renamed later, or two members with
 * one name, cannot change whom a note mentioned.
 */

/** What the composer sends: a member it inserted, by id, with the name it wrote after the `@`. */
export interface ChosenMention {
  userId: string;
  name: string;
}

/** What a stored note keeps: the member and the `@name`'s place in the body (`body.slice(start, end)`). */
export interface MentionRange {
  userId: string;
  start: number;
  end: number;
}

export const MENTION_NAME_MAX = 120;

/**
 * The `@query` being typed at the caret, when it starts the text or follows
 * whitespace (an email address does not open the picker): where the `@` is
 * and what follows it, up to the caret.
 */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@]{0,40})$/.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[2] ?? "";
  return { start: caret - query.length - 1, query: query.toLowerCase() };
}

/** Members whose name has a word starting with the query, those whose name starts with it first. */
export function matchMembers<T extends { name: string }>(members: T[], query: string): T[] {
  const q = query.toLowerCase();
  const words = (m: T) => m.name.toLowerCase().split(/\s+/);
  const hits = members.filter((m) => words(m).some((w) => w.startsWith(q)));
  const rank = (m: T) => (m.name.toLowerCase().startsWith(q) ? 0 : 1);
  return hits.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}_]/u.test(char);

/**
 * Where each chosen member's `@name` still is in the text as sent (the
 * agent may have edited around it, or deleted it: then it mentions nobody).
 * Longer names first, so "@Ana Lima" is not taken for "@Ana"; a name must
 * end at a word boundary.
 */
export function mentionRanges(text: string, chosen: ChosenMention[]): MentionRange[] {
  const ranges: MentionRange[] = [];
  const byLength = [...chosen].sort((a, b) => b.name.length - a.name.length);
  for (const { userId, name } of byLength) {
    const needle = `@${name}`;
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
      const end = at + needle.length;
      const taken = ranges.some((r) => at < r.end && end > r.start);
      if (!taken && !isWordChar(text[end])) ranges.push({ userId, start: at, end });
    }
  }
  return ranges.sort((a, b) => a.start - b.start);
}

/** The chosen members whose `@name` still stands in the text (a kept draft drops those edited away). */
export function mentionsStillIn(text: string, chosen: ChosenMention[]): ChosenMention[] {
  const named = new Set(mentionRanges(text, chosen).map((r) => r.userId));
  return chosen.filter((c) => named.has(c.userId));
}

/**
 * A note's body cut into plain text and mentions, for rendering. Ranges that
 * do not fit the body (a row written by something else) are left as text.
 */
export function splitMentions(body: string, ranges: unknown): Array<{ text: string; userId?: string }> {
  const valid = (Array.isArray(ranges) ? ranges : [])
    .filter(
      (r): r is MentionRange =>
        typeof r?.userId === "string" &&
        Number.isInteger(r?.start) &&
        Number.isInteger(r?.end) &&
        r.start >= 0 &&
        r.end <= body.length &&
        r.start < r.end &&
        body[r.start] === "@",
    )
    .sort((a, b) => a.start - b.start);
  const parts: Array<{ text: string; userId?: string }> = [];
  let at = 0;
  for (const r of valid) {
    if (r.start < at) continue;
    if (r.start > at) parts.push({ text: body.slice(at, r.start) });
    parts.push({ text: body.slice(r.start, r.end), userId: r.userId });
    at = r.end;
  }
  if (at < body.length) parts.push({ text: body.slice(at) });
  return parts;
}
