import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/locales";
import en from "../../messages/en";
import { CATALOGUES } from "../support/intl";
import {
  type Catalogue,
  flatten,
  keyReferences,
  literalStrings,
  namedKeys,
  placeholders,
  sourceFiles,
  unusedKeys,
} from "./catalogue-check";

const SRC = path.resolve(import.meta.dirname, "../../src");
const catalogues: Record<(typeof LOCALES)[number], Catalogue> = CATALOGUES;
const english = flatten(en);

/**
 * The screens whose every word comes from the catalogue. Issue 23 moves the
 * rest over screen by screen; each folder joins this list when it does, and
 * the literal-string check below keeps it so.
 */
const TRANSLATED = [
  "app/(app)/broadcasts",
  "app/(app)/contacts",
  "app/(app)/inbox",
  "app/(app)/layout.tsx",
  "app/(app)/not-found.tsx",
  "app/(app)/page.tsx",
  "app/(app)/settings/ai",
  "app/(app)/settings/api",
  "app/(app)/settings/audit",
  "app/(app)/settings/canned-responses",
  "app/(app)/settings/labels",
  "app/(app)/settings/layout.tsx",
  "app/(app)/settings/members",
  "app/(app)/settings/page.tsx",
  "app/(app)/settings/profile",
  "app/(app)/settings/teams",
  "app/(app)/settings/webhooks",
  "app/(app)/settings/whatsapp",
  "app/(app)/templates",
  "app/forgot-password",
  "app/invite",
  "app/login",
  "app/reset-password",
  "app/welcome/page.tsx",
  "components/activity",
  "components/auth",
  "components/broadcasts",
  "components/contacts",
  "components/dashboard",
  "components/inbox",
  "components/notifications",
  "components/outreach",
  "components/settings/ai-playground.tsx",
  "components/settings/ai-settings-form.tsx",
  "components/settings/api-keys.tsx",
  "components/settings/api-nav.tsx",
  "components/settings/avatar-form.tsx",
  "components/settings/business-hours-form.tsx",
  "components/settings/canned-responses.tsx",
  "components/settings/invitation-list.tsx",
  "components/settings/invite-member-form.tsx",
  "components/settings/label-settings.tsx",
  "components/settings/language-form.tsx",
  "components/settings/leave-workspace-button.tsx",
  "components/settings/member-list.tsx",
  "components/settings/outbound-webhooks.tsx",
  "components/settings/preference-card.tsx",
  "components/settings/profile-forms.tsx",
  "components/settings/replay-button.tsx",
  "components/settings/role-select.tsx",
  "components/settings/settings-tabs.tsx",
  "components/settings/sign-out-everywhere-button.tsx",
  "components/settings/teams.tsx",
  "components/settings/theme-form.tsx",
  "components/settings/whatsapp-connect.tsx",
  "components/settings/whatsapp-numbers.tsx",
  "components/settings/workspace-form.tsx",
  "components/shell",
  "components/templates",
  "components/ui",
].map((entry) => path.join(SRC, entry));

describe("the catalogues", () => {
  it.each(LOCALES.filter((locale) => locale !== "en"))("%s has exactly the English keys, with the same arguments and tags", (locale) => {
    const translated = flatten(catalogues[locale]);
    expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
    for (const [key, message] of Object.entries(english)) {
      expect({ key, placeholders: placeholders(translated[key] ?? "") }).toEqual({ key, placeholders: placeholders(message) });
    }
  });

  it("every message is valid ICU in every language", () => {
    for (const locale of LOCALES)
      for (const message of Object.values(flatten(catalogues[locale]))) expect(() => placeholders(message)).not.toThrow();
  });

  it("has no key the source does not read", () => {
    expect(unusedKeys(Object.keys(english), sourceFiles(SRC))).toEqual([]);
  });

  it.each([
    ["validation", 5],
    ["errors", 150],
  ])("has every %s key the source names (a misspelt one would show as the key)", (namespace, least) => {
    const named = namedKeys(namespace, sourceFiles(SRC));
    expect(named.length).toBeGreaterThan(least);
    expect(named.filter(({ key }) => !(key in english))).toEqual([]);
  });

  it("translated screens write no text of their own", () => {
    const files = TRANSLATED.flatMap((entry) => (/\.tsx?$/.test(entry) ? [entry] : sourceFiles(entry)));
    expect(files.length).toBeGreaterThan(8);
    expect(files.flatMap((file) => literalStrings(file))).toEqual([]);
  });
});

describe("the checks themselves", () => {
  it("finds literal text and literal labels, not ids or classes or catalogue reads", () => {
    const code = `export const A = () => (
      <Field label="Email" htmlFor="email" hint={t("hint")}>
        <Input id="email" className="w-full" placeholder={"Search"} />
        <p>Hello {name}</p>
        <span>{t("ok")} · </span>
      </Field>
    );
    const OPTIONS = [{ value: "new", label: "New" }, { value: "won", label: t("won") }];`;
    expect(literalStrings("made-up.tsx", code).map((line) => line.replace("made-up.tsx: ", ""))).toEqual([
      'label="Email"',
      'placeholder="Search"',
      "Hello",
      'label: "New"',
    ]);
  });

  it("counts keys read by name or through a template, under the namespace the file opens", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source code under test contains a template literal
    const refs = keyReferences('const t = useTranslations("auth.invite"); t("join"); t(`closed.${status}.title`);');
    expect(refs.namespaces).toEqual(["auth.invite"]);
    const used = (rest: string) => refs.keys.some((pattern) => pattern.test(rest));
    expect(used("join")).toBe(true);
    expect(used("closed.expired.title")).toBe(true);
    expect(used("closed.expired.body")).toBe(false);
  });

  it("counts a key named in full in any file, and only the key named", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "catalogue-"));
    const file = path.join(dir, "schema.ts");
    fs.writeFileSync(file, 'z.string().min(1, "validation.enterAName");');
    expect(unusedKeys(["validation.enterAName", "validation.chooseCountry"], [file])).toEqual(["validation.chooseCountry"]);
    expect(namedKeys("validation", [file]).map(({ key }) => key)).toEqual(["validation.enterAName"]);
    fs.rmSync(dir, { recursive: true });
  });

  it("compares arguments and tags, including those inside plural branches", () => {
    expect(placeholders("{count, plural, one {# <b>message</b> from {name}} other {# messages}}")).toEqual(["<b>", "{count}", "{name}"]);
  });
});
