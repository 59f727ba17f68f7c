import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CannedPicker, type CannedPickerState, comboboxProps } from "@/components/inbox/canned-picker";
import type { CannedContext, CannedOption } from "@/lib/canned";

const options: CannedOption[] = [
  { id: "a", code: "/thx", title: "Thanks", body: "Thanks {{contact.first_name}}, mail {{contact.email}}", personal: false },
  { id: "b", code: "/thxme", title: "My thanks", body: "Cheers", personal: true },
];
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

const render = (picker: CannedPickerState) => renderToStaticMarkup(createElement(CannedPicker, { picker, listId: "list" }));

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
