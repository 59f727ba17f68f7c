import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { attachCannedFile, CannedPicker, type CannedPickerState, comboboxProps } from "@/components/inbox/canned-picker";
import type { CannedContext, CannedOption } from "@/lib/canned";
import { withIntl } from "../support/intl";

const thanks: CannedOption = {
  id: "a",
  code: "/thx",
  title: "Thanks",
  body: "Thanks {{contact.first_name}}, mail {{contact.email}}",
  personal: false,
  attachment: null,
};
const mine: CannedOption = { id: "b", code: "/thxme", title: "My thanks", body: "Cheers", personal: true, attachment: null };
const options = [thanks, mine];
const context: CannedContext = {
  contact: { name: "Siti Rahma", phone: null, email: null, fields: {} },
  agent: { name: null },
  workspace: { name: "Kopi" },
};

/** The picker as the hook leaves it after typing "/thx" with the first match highlighted. */
const state = (overrides: Partial<CannedPickerState>): CannedPickerState =>
  ({
    open: true,
    loaded: { status: "ready", options, context },
    matches: options,
    index: 0,
    choose: () => {},
    setHighlight: () => {},
    ...overrides,
  }) as CannedPickerState;

const render = (picker: CannedPickerState) => renderToStaticMarkup(withIntl(createElement(CannedPicker, { picker, listId: "list" })));

describe("CannedPicker", () => {
  it("is a listbox whose highlighted option the textarea points to (combobox pattern)", () => {
    const html = render(state({ index: 1 }));
    expect(html).toContain('role="listbox"');
    expect(html).toMatch(/id="list-b" role="option" aria-selected="true"/);
    expect(html).toMatch(/id="list-a" role="option" aria-selected="false"/);
    expect(comboboxProps(state({ index: 1 }), "list")).toMatchObject({
      role: "combobox",
      "aria-expanded": true,
      "aria-controls": "list",
      "aria-activedescendant": "list-b",
    });
  });

  it("previews the highlighted response filled, naming the variables left empty", () => {
    const html = render(state({}));
    expect(html).toContain("Thanks Siti, mail ");
    expect(html).toContain("No value for {{contact.email}}: left empty.");
  });

  it("says when it is loading, failed, or nothing matches, and shows nothing when closed", () => {
    expect(render(state({ loaded: { status: "loading" }, matches: [] }))).toContain("Loading canned responses");
    expect(render(state({ loaded: { status: "error", message: "Nope." }, matches: [] }))).toContain('role="alert"');
    expect(render(state({ matches: [] }))).toContain("No canned response matches.");
    expect(render(state({ open: false }))).toBe("");
    expect(comboboxProps(state({ open: false }), "list")).toMatchObject({ "aria-expanded": false, "aria-activedescendant": undefined });
  });
});

describe("attachCannedFile", () => {
  const withFile: CannedOption = {
    ...mine,
    attachment: { id: "f1", name: "Prices.pdf", type: "application/pdf", size: 9 },
  };

  it("fetches the response's file from its route and hands it to the composer with its saved name and type", async () => {
    const asked: string[] = [];
    const attached: File[] = [];
    await attachCannedFile(
      withFile,
      (file) => attached.push(file),
      async (url) => {
        asked.push(String(url));
        return new Response("%PDF-1.7\n");
      },
    );
    expect(asked).toEqual(["/api/canned/b/attachment?v=f1"]);
    expect(attached.map((f) => [f.name, f.type])).toEqual([["Prices.pdf", "application/pdf"]]);
    expect(await attached[0]?.text()).toBe("%PDF-1.7\n");
  });

  it("attaches nothing for a response without a file, and fails when the route refuses", async () => {
    const attached: File[] = [];
    const refused = async () => new Response("{}", { status: 404 });
    await attachCannedFile(thanks, (file) => attached.push(file), refused);
    await expect(attachCannedFile(withFile, (file) => attached.push(file), refused)).rejects.toThrow(/404/);
    expect(attached).toEqual([]);
  });
});
