import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sourceFiles } from "./catalogue-check";

const ACTIONS = path.resolve(import.meta.dirname, "../../src/app/actions");

/** `.refine(check, "Some sentence")`: zod hands the sentence to the form as it is, in English whatever the reader's language. */
const LITERAL_REFINE = /\.refine\(\s*(?:\([^)]*\)|\w+)\s*=>[^,]*,\s*(["'`])(?!validation\.)[^"'`]*[A-Za-z]{2}[^"'`]*\1/g;

describe("Server Action inputs", () => {
  it("refuse with catalogue keys, not English sentences written into the schema", () => {
    const files = sourceFiles(ACTIONS);
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((file) =>
      [...fs.readFileSync(file, "utf8").matchAll(LITERAL_REFINE)].map((match) => `${path.basename(file)}: ${match[0]}`),
    );
    expect(found).toEqual([]);
  });

  it("the check finds such a sentence, and lets a key through", () => {
    const sample = `z.instanceof(File).refine((file) => file.size <= MAX, "The sample is larger than 100 MB.")
      z.string().refine((v) => v.length > 0, "validation.enterAName")`;
    expect([...sample.matchAll(LITERAL_REFINE)].map((m) => m[0])).toEqual([
      '.refine((file) => file.size <= MAX, "The sample is larger than 100 MB."',
    ]);
  });
});
