import { describe, expect, it } from "vitest";
import { parameterFormatOf, renderTemplate, type TemplateComponent, templateParameters } from "@/lib/templates";

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
