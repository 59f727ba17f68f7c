import type { createTranslator, Messages } from "next-intl";
import type { z } from "zod";

/**
 * Zod's own messages are for developers ("Too small: expected string to
 * have >=1 characters", prefixed with a path like `hours.sat.close`). A
 * form shows people a sentence naming the field in words instead; the
 * developer's version stays available as the error's technical detail.
 * Messages a schema wrote itself ("validation.enterAName") win over this map,
 * as zod gives schema-level messages precedence over a parse-level map.
 */

/** Words people use for a few abbreviations that appear in field names. */
const WORDS: Record<string, string> = { url: "URL", id: "ID", api: "API", waba: "WABA", ai: "AI", csv: "CSV", e164: "E.164" };

/** `displayPhoneNumber` → "display phone number"; `baseUrl` → "base URL". */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const key = [...path].reverse().find((part): part is string => typeof part === "string");
  if (!key) return "this value";
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase()
    .split(" ")
    .map((word) => WORDS[word] ?? word)
    .join(" ");
}

/** The app's messages in one language, read with their full keys ("validation.required"). */
export type Translate = ReturnType<typeof createTranslator<Messages>>;

/**
 * A schema's own message may be a catalogue key under `validation.` (written
 * `"validation.enterAName"`): it is translated here, at the boundary, in the
 * caller's language, with the values a custom issue gives in its `params`
 * (`{ day: "sat" }`). Any other message shows as written.
 */
// The key is only known at run time, hence the casts; `has` keeps a misspelt one showing as written.
export const translatedMessage = (issue: z.core.$ZodIssue, t: Translate) =>
  issue.message.startsWith("validation.") && t.has(issue.message as never)
    ? t(issue.message as never, (issue.code === "custom" ? issue.params : undefined) as never)
    : issue.message;

/** The formats with a sentence of their own; any other reads as "not in the expected format". */
const FORMAT_SENTENCES = {
  email: "validation.format.email",
  url: "validation.format.url",
  uuid: "validation.format.uuid",
  regex: "validation.format.regex",
  datetime: "validation.format.datetime",
  date: "validation.format.date",
  time: "validation.format.time",
} as const;

/**
 * A parse-level zod error map writing each issue as a sentence in the
 * reader's language. English names the field in words; the other languages
 * mostly say it without the (English) field name, as the form marks the field.
 * A pathless issue's field is "none", which each sentence says its own way.
 */
export const readableIssueMap =
  (t: Translate): z.core.$ZodErrorMap =>
  (issue) => {
    const field = (issue.path ?? []).some((part) => typeof part === "string") ? fieldLabel(issue.path ?? []) : "none";
    switch (issue.code) {
      case "invalid_type":
        return t(issue.input === undefined || issue.input === null ? "validation.required" : "validation.invalid", { field });
      case "too_small": {
        const min = Number(issue.minimum);
        if (issue.origin === "string") return min <= 1 ? t("validation.enter", { field }) : t("validation.tooShort", { field, min });
        if (issue.origin === "array" || issue.origin === "set") return t("validation.tooFew", { field, min });
        return t("validation.tooSmall", { field, min, inclusive: String(Boolean(issue.inclusive)) });
      }
      case "too_big": {
        const max = Number(issue.maximum);
        if (issue.origin === "string") return t("validation.tooLong", { field, max });
        if (issue.origin === "array" || issue.origin === "set") return t("validation.tooMany", { field, max });
        return t("validation.tooBig", { field, max, inclusive: String(Boolean(issue.inclusive)) });
      }
      case "invalid_format": {
        const known = Object.hasOwn(FORMAT_SENTENCES, issue.format);
        return t(known ? FORMAT_SENTENCES[issue.format as keyof typeof FORMAT_SENTENCES] : "validation.badFormat", { field });
      }
      case "invalid_value":
        return t("validation.chooseOption", { field });
      case "unrecognized_keys":
        return t("validation.unrecognizedKeys");
      default:
        return t("validation.invalid", { field });
    }
  };

export interface ReadableIssues {
  /** One sentence for the top of the form. */
  summary: string;
  /** Each failing field's sentence, keyed by its path in the input ("hours.sat.close"); the first issue per field wins. */
  fields: Record<string, string>;
}

/** The field key of an issue: its path joined with dots (a form input's `name`). */
export const fieldKey = (path: readonly PropertyKey[]) => path.map(String).join(".");

/** Issues parsed with `readableIssueMap` as a summary and per-field messages, schema-written keys translated. */
export function readableIssues(issues: readonly z.core.$ZodIssue[], t: Translate): ReadableIssues {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = fieldKey(issue.path);
    if (key && !(key in fields)) fields[key] = translatedMessage(issue, t);
  }
  const first = issues[0] ? translatedMessage(issues[0], t) : t("validation.checkValues");
  const more = issues.length - 1;
  return { summary: more > 0 ? t("validation.andMore", { first, more }) : first, fields };
}

/** The developer's version: each issue's path and zod's own message, one per line (for logs and the "Details" disclosure). */
export function technicalIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${fieldKey(issue.path) || "(input)"}: ${issue.message}`).join("\n");
}
