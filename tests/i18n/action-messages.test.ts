import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sourceFiles } from "./catalogue-check";

const ACTIONS = path.resolve(import.meta.dirname, "../../src/app/actions");

/** `.refine(check, "Some sentence")`: zod hands the sentence to the form as it is, in English whatever the reader's language. */
const LITERAL_REFINE = /\.refine\(\s*(?:\([^)]*\)|\w+)\s*=>[^,]*,\s*(["'`])(?!validation\.)[^"'`]*[A-Za-z]{2}[^"'`]*\1/g;

/** Left in other areas' actions (issue 23): the sign-in and broadcast screens' owners move them to keys. */
const LEFT = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
  "broadcasts.ts: .refine((file) => file.size <= IMPORT_MAX_BYTES, `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB.`",
  'invitations.ts: .refine((p) => new TextEncoder().encode(p).length <= PASSWORD_MAX_BYTES, "That password is too long"',
  'password-reset.ts: .refine((p) => new TextEncoder().encode(p).length <= PASSWORD_MAX_BYTES, "That password is too long"',
  'password-reset.ts: .refine((input) => input.password === input.confirm, "The two passwords differ"',
];

describe("Server Action inputs", () => {
  it("refuse with catalogue keys, not English sentences written into the schema", () => {
    const files = sourceFiles(ACTIONS);
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((file) =>
      [...fs.readFileSync(file, "utf8").matchAll(LITERAL_REFINE)].map((match) => `${path.basename(file)}: ${match[0]}`),
    );
    expect(found.filter((line) => !LEFT.includes(line))).toEqual([]);
  });

  it("the check finds such a sentence, and lets a key through", () => {
    const sample = `z.instanceof(File).refine((file) => file.size <= MAX, "The sample is larger than 100 MB.")
      z.string().refine((v) => v.length > 0, "validation.enterAName")`;
    expect([...sample.matchAll(LITERAL_REFINE)].map((m) => m[0])).toEqual([
      '.refine((file) => file.size <= MAX, "The sample is larger than 100 MB."',
    ]);
  });
});
