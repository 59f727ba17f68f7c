import { createTranslator, type Messages } from "next-intl";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { TemplatePreview } from "@/components/templates/template-preview";
import { readableIssueMap, readableIssues, type Translate } from "@/lib/readable-issues";
import { draftComponents, templateDraft } from "@/lib/template-draft";
import { parameterFormatOf, renderTemplate, type TemplateComponent, templateParameters } from "@/lib/templates";
import english from "../../messages/en";
import { CATALOGUES, renderInLocale } from "../support/intl";

const inEnglish = createTranslator({ locale: "en", messages: english as Messages }) as unknown as Translate;
const inIndonesian = createTranslator({ locale: "id", messages: CATALOGUES.id as Messages }) as unknown as Translate;

const positional: TemplateComponent[] = [
  { type: "HEADER", format: "TEXT", text: "Order {{1}}", example: { header_text: ["#42"] } },
  { type: "BODY", text: "Hi {{2}}, your order {{1}} ships {{2}}.", example: { body_text: [["A-1", "today"]] } },
  { type: "FOOTER", text: "Reply STOP to opt out" },
  {
    type: "BUTTONS",
    buttons: [
      { type: "QUICK_REPLY", text: "Stop" },
      { type: "URL", text: "Track", url: "https://shop.example/t/{{1}}", example: ["https://shop.example/t/A-1"] },
    ],
  },
];

const named: TemplateComponent[] = [
  {
    type: "body",
    text: "Hello {{first_name}}, {{ discount }} off until {{end_date}}",
    example: {
      body_text_named_params: [
        { param_name: "first_name", example: "Pablo" },
        { param_name: "end_date", example: "Friday" },
      ],
    },
  },
];

describe("templateParameters", () => {
  it("lists header, body (by number) and URL button placeholders with Meta's examples", () => {
    expect(templateParameters(positional)).toEqual([
      { component: "header", key: "1", id: "header.1", example: "#42" },
      { component: "body", key: "1", id: "body.1", example: "A-1" },
      { component: "body", key: "2", id: "body.2", example: "today" },
      { component: "button", key: "1", id: "button.1.1", buttonIndex: 1, example: "https://shop.example/t/A-1" },
    ]);
  });

  it("keeps named placeholders in the order written, with their named examples", () => {
    expect(templateParameters(named)).toEqual([
      { component: "body", key: "first_name", id: "body.first_name", example: "Pablo" },
      { component: "body", key: "discount", id: "body.discount", example: null },
      { component: "body", key: "end_date", id: "body.end_date", example: "Friday" },
    ]);
    expect(parameterFormatOf(["first_name"])).toBe("NAMED");
    expect(parameterFormatOf(["2", "1"])).toBe("POSITIONAL");
  });
});

describe("renderTemplate", () => {
  it("fills the values it has and leaves the placeholders it lacks", () => {
    expect(renderTemplate(positional, { "header.1": "#7", "body.2": "Ana" })).toBe(
      "Order #7\n\nHi Ana, your order {{1}} ships Ana.\n\nReply STOP to opt out",
    );
    expect(renderTemplate(named, { "body.first_name": "Rita", "body.discount": " 10% " })).toBe("Hello Rita, 10% off until {{end_date}}");
  });
});

describe("templateDraft (the create form's schema, browser and server)", () => {
  const base = {
    channelId: "7d3f4a1e-9c1b-4c9e-8f3a-2b6d5e4c3a21",
    name: "order_update",
    language: "en_US",
    category: "UTILITY",
    header: { format: "NONE" },
    body: "Hi {{1}}, order {{2}} is on its way.",
    buttons: [],
    examples: { "body.1": "Ann", "body.2": "#7" },
  } as const;
  /** Each failing field's sentence, as the form and the server word it (English unless `t` says otherwise). */
  const problems = (change: Record<string, unknown>, t = inEnglish) => {
    const parsed = templateDraft.safeParse({ ...base, ...change }, { error: readableIssueMap(t) });
    return parsed.success ? [] : Object.entries(readableIssues(parsed.error.issues, t).fields).map(([field, text]) => `${field}: ${text}`);
  };

  it("accepts a complete draft and builds Meta's components from it", () => {
    const draft = templateDraft.parse(base);
    expect(draftComponents(draft)).toEqual([{ type: "BODY", text: base.body, example: { body_text: [["Ann", "#7"]] } }]);
  });

  it("refuses names Meta refuses, missing examples, gaps, mixed formats and a variable at either end", () => {
    expect(problems({ name: "Order Update" })).toEqual(["name: Use only lowercase letters, digits and underscores (order_update)"]);
    expect(problems({ examples: { "body.1": "Ann" } })).toEqual(["examples.body.2: Give an example for {{2}}"]);
    expect(problems({ examples: { "body.1": "Ann" } }, inIndonesian)).toEqual(["examples.body.2: Beri contoh untuk {{2}}"]);
    expect(problems({ name: "" }, inIndonesian)).toEqual(["name: Beri nama template"]);
    expect(problems({ body: "Hi {{1}}, order {{3}} shipped.", examples: { "body.1": "a", "body.3": "b" } })).toEqual([
      "body: Number the variables in order from {{1}}, without gaps",
    ]);
    expect(problems({ body: "Hi {{name}}, order {{1}} shipped.", examples: { "body.name": "a", "body.1": "b" } })).toContain(
      "body: Use either numbered variables ({{1}}) or named ones ({{first_name}}), not both",
    );
    expect(problems({ body: "{{1}} shipped", examples: { "body.1": "a" } })).toEqual([
      "body: WhatsApp does not accept a message that starts or ends with a variable",
    ]);
    expect(
      problems({ header: { format: "TEXT", text: "{{1}} and {{2}}" }, examples: { ...base.examples, "header.1": "a", "header.2": "b" } }),
    ).toEqual(["header.text: A header may have one variable at most"]);
  });

  it("checks buttons: URL variables need a full example, quick replies stay together", () => {
    const url = { type: "URL", text: "Track", url: "https://x.example/t/{{1}}" };
    const reply = { type: "QUICK_REPLY", text: "Stop" };
    expect(problems({ buttons: [url] })).toEqual(["examples.button.0.1: Give an example of the full address"]);
    expect(problems({ buttons: [reply, url, reply], examples: { ...base.examples, "button.1.1": "https://x.example/t/1" } })).toEqual([
      "buttons: Keep the quick replies together, before or after the other buttons",
    ]);
  });
});

describe("TemplatePreview", () => {
  it("renders the header, the filled body, the footer and the buttons", () => {
    const html = renderInLocale(
      createElement(TemplatePreview, { components: positional, values: { "header.1": "#7", "body.1": "A-9", "body.2": "Ana" } }),
    );
    expect(html).toContain("Order #7");
    expect(html).toContain("Hi Ana, your order A-9 ships Ana.");
    expect(html).toContain("Reply STOP to opt out");
    expect(html).toContain("Track");
  });
});
