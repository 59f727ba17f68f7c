import type { z } from "zod";

/**
 * Zod's own messages are for developers ("Too small: expected string to
 * have >=1 characters", prefixed with a path like `hours.sat.close`). A
 * form shows people a sentence naming the field in words instead; the
 * developer's version stays available as the error's technical detail.
 * Messages a schema wrote itself ("Enter a name") win over this map, as
 * zod gives schema-level messages precedence over a parse-level map.
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

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const FORMAT_WORDS: Record<string, string> = {
  email: "must be an email address, like name@example.com",
  url: "must be a web address, like https://example.com",
  uuid: "is not a valid reference",
  regex: "is not in the expected format",
  datetime: "must be a date and time",
  date: "must be a date",
  time: "must be a time",
};

/** A parse-level zod error map writing each issue as a sentence about the field. */
export const readableIssue: z.core.$ZodErrorMap = (issue) => {
  const label = fieldLabel(issue.path ?? []);
  const the = capitalized(label === "this value" ? label : `the ${label}`);
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined || issue.input === null ? `${the} is required` : `${the} is not valid`;
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string") return min <= 1 ? `Enter the ${label}` : `${the} must be at least ${min} characters`;
      if (issue.origin === "array" || issue.origin === "set") return `Choose at least ${min} for the ${label}`;
      return `${the} must be ${issue.inclusive ? "at least" : "more than"} ${min}`;
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "string") return `${the} must be at most ${max} characters`;
      if (issue.origin === "array" || issue.origin === "set") return `Choose at most ${max} for the ${label}`;
      return `${the} must be ${issue.inclusive ? "at most" : "less than"} ${max}`;
    }
    case "invalid_format":
      return `${the} ${FORMAT_WORDS[issue.format] ?? "is not in the expected format"}`;
    case "invalid_value":
      return `Choose one of the options for the ${label}`;
    case "unrecognized_keys":
      return "The form sent fields it should not have; reload the page and try again";
    default:
      return `${the} is not valid`;
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

/** Issues parsed with `readableIssue` as a summary and per-field messages. */
export function readableIssues(issues: readonly z.core.$ZodIssue[]): ReadableIssues {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = fieldKey(issue.path);
    if (key && !(key in fields)) fields[key] = issue.message;
  }
  const first = issues[0]?.message ?? "Check the values entered and try again";
  const more = issues.length - 1;
  return { summary: more > 0 ? `${first} (and ${more} more)` : first, fields };
}

/** The developer's version: each issue's path and zod's own message, one per line (for logs and the "Details" disclosure). */
export function technicalIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${fieldKey(issue.path) || "(input)"}: ${issue.message}`).join("\n");
}
