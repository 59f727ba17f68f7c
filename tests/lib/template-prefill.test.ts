import { describe, expect, it } from "vitest";
import { prefillFields, prefillValues } from "@/lib/template-prefill";
import { renderTemplateParts, type TemplateComponent, templateParameters } from "@/lib/templates";

const ORDER: TemplateComponent[] = [
  { type: "HEADER", format: "TEXT", text: "Order {{1}}", example: { header_text: ["#123"] } },
  {
    type: "BODY",
    text: "Hi {{1}}, order {{2}} ships to {{3}}. Call {{4}}.",
    example: { body_text: [["Budi", "#123", "budi@x.co", "+62 812 0000 0000"]] },
  },
  { type: "FOOTER", text: "Toko Maju" },
  {
    type: "BUTTONS",
    buttons: [
      { type: "QUICK_REPLY", text: "Thanks" },
      { type: "URL", text: "Track", url: "https://x.co/{{1}}" },
    ],
  },
];

const fields = [
  { key: "name", label: "Name", value: "Rina" },
  { key: "phone", label: "Phone", value: "+62 812 3456 7890" },
  { key: "email", label: "Email", value: "rina@example.com" },
  { key: "order_no", label: "Order no", value: "A-17" },
];

describe("rendering a template as the customer sees it", () => {
  it("fills header and body, keeps footer and buttons, and leaves a missing value visible", () => {
    expect(renderTemplateParts(ORDER, { "header.1": "#77", "body.1": "Rina", "body.2": " #77 " })).toMatchObject({
      header: { format: "TEXT", text: "Order #77" },
      body: "Hi Rina, order #77 ships to {{3}}. Call {{4}}.",
      footer: "Toko Maju",
      buttons: [
        { type: "QUICK_REPLY", text: "Thanks" },
        { type: "URL", text: "Track" },
      ],
    });
  });

  it("a media header is named, not filled", () => {
    expect(
      renderTemplateParts(
        [
          { type: "HEADER", format: "IMAGE" },
          { type: "BODY", text: "New stock" },
        ],
        {},
      ).header,
    ).toEqual({
      format: "IMAGE",
      text: null,
    });
  });
});

describe("prefilling parameters from the contact", () => {
  it("name for the body's first, email and phone by their examples, nothing for an example that says nothing", () => {
    const prefill = prefillFields(templateParameters(ORDER), fields);
    expect(prefill).toEqual({ "body.1": "name", "body.3": "email", "body.4": "phone" });
    expect(prefillValues(prefill, fields)).toEqual({ "body.1": "Rina", "body.3": "rina@example.com", "body.4": "+62 812 3456 7890" });
  });

  it("an example naming a custom field takes it; a field without a value prefills nothing", () => {
    const slots = templateParameters([{ type: "BODY", text: "Your order {{1}} for {{2}}", example: { body_text: [["Order no", "x"]] } }]);
    expect(prefillFields(slots, fields)).toEqual({ "body.1": "order_no" });
    expect(prefillFields(templateParameters(ORDER), [{ key: "name", label: "Name", value: "" }])).toEqual({});
  });
});
