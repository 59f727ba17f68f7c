import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Field, FormError, Input } from "@/components/ui/field";
import { businessHours } from "@/lib/business-hours";
import { actionDefiner } from "@/server/actions/define-action";
import { cookieJar } from "../support/cookie-jar";
import { renderInLocale } from "../support/intl";

/** A public action, as the app defines them, with the business hours' real schema beside a URL. */
const defineAction = actionDefiner(async () => cookieJar());
const save = defineAction(
  {
    name: "test.saveSettings",
    input: z.object({ hours: businessHours, url: z.string().startsWith("https://", "The URL must start with https://") }),
    role: "public",
  },
  async () => null,
);

/** A form as the settings forms render one: each input named by its path in the action's input. */
function renderForm(fields: Record<string, string>) {
  const input = (name: string) =>
    createElement(Field, {
      label: name,
      htmlFor: name,
      error: fields[name],
      children: createElement(Input, { id: name, name, error: fields[name] }),
    });
  return renderToStaticMarkup(createElement("form", null, input("hours.sat.open"), input("hours.sat.close"), input("url")));
}

const inputNamed = (html: string, name: string) =>
  html.match(new RegExp(`<input[^>]*name="${name.replaceAll(".", "\\.")}"[^>]*>`))?.[0] ?? "";

describe("an action's field errors in a form", () => {
  it("land on the inputs they name, with the message under each, and a readable summary", async () => {
    const result = await save({ hours: { sat: { open: "18:00", close: "09:00" } }, url: "http://example.com" });
    if (result.ok) throw new Error("expected a refusal");
    expect(result.error.message).toBe("Saturday's closing time must be after its opening time (and 1 more)");
    const html = renderForm(result.error.fields ?? {});

    expect(inputNamed(html, "hours.sat.close")).toMatch(/aria-invalid="true" aria-describedby="hours\.sat\.close-error"/);
    expect(html).toContain(
      '<p id="hours.sat.close-error" class="text-xs font-medium text-red-700">Saturday&#x27;s closing time must be after its opening time</p>',
    );
    expect(inputNamed(html, "url")).toContain('aria-describedby="url-error"');
    expect(html).toContain('<p id="url-error" class="text-xs font-medium text-red-700">The URL must start with https://</p>');
    // The field that is fine is not marked.
    expect(inputNamed(html, "hours.sat.open")).not.toContain("aria-invalid=");
  });

  it("keeps the technical reason under Details, not in the summary", async () => {
    const result = await save({ hours: {}, url: "ftp://x" });
    if (result.ok) throw new Error("expected a refusal");
    const html = renderInLocale(createElement(FormError, { message: result.error.message, detail: result.error.technical }));
    expect(html).toContain("<p>The URL must start with https://</p>");
    expect(html).toContain("<summary");
    expect(html).toContain("url: The URL must start with https://");
  });
});
