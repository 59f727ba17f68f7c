import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { OptOutBadge } from "@/components/outreach/opt-out-badge";
import { TemplatePreview } from "@/components/outreach/template-preview";
import { renderInLocale } from "../support/intl";

describe("TemplatePreview", () => {
  it("shows header, filled body, footer and buttons as WhatsApp lays them out", () => {
    const html = renderInLocale(
      createElement(TemplatePreview, {
        components: [
          { type: "HEADER", format: "IMAGE" },
          { type: "BODY", text: "Halo {{1}}, stok baru {{2}}!" },
          { type: "FOOTER", text: "Balas STOP untuk berhenti" },
          { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "Stop promotions" }] },
        ],
        values: { "body.1": "Rina <b>" },
      }),
    );
    expect(html).toContain("Image header");
    // Values are text, never markup.
    expect(html).toContain("Halo Rina &lt;b&gt;, stok baru {{2}}!");
    expect(html).toContain("Balas STOP untuk berhenti");
    expect(html).toContain("Stop promotions");
  });
});

describe("OptOutBadge", () => {
  it("says since when, the same on the server and in any browser zone", () => {
    const html = renderInLocale(createElement(OptOutBadge, { optedOutAt: "2026-12-04T23:30:00.000000Z" }));
    expect(html).toContain("Opted out of broadcasts since");
    expect(html).toContain('dateTime="2026-12-04T23:30:00.000000Z"');
    expect(html).toContain("Dec 4, 2026");
  });
});
