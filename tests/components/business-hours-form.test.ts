import { AppRouterContext, type AppRouterInstance } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { NextIntlClientProvider } from "next-intl";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BusinessHoursForm } from "@/components/settings/business-hours-form";
import type { Locale } from "@/lib/locales";
import { firstWeekday, weekdaysFrom } from "@/lib/week-start";
import { CATALOGUES } from "../support/intl";

/** The form only renders here; its router (for the refresh after saving) is never called. */
const router = {} as AppRouterInstance;

/** The form as the workspace settings page renders it for a workspace of that language, read in that language, in a zone where noon UTC is already the next day. */
function render(locale: Locale): string {
  const form = createElement(BusinessHoursForm, {
    initial: { mon: { open: "09:00", close: "17:00" } },
    timeZone: "Pacific/Kiritimati",
    days: weekdaysFrom(firstWeekday(locale)),
  });
  return renderToStaticMarkup(
    createElement(
      AppRouterContext.Provider,
      { value: router },
      createElement(NextIntlClientProvider, { locale, messages: CATALOGUES[locale], timeZone: "Pacific/Kiritimati", children: form }),
    ),
  );
}

const weekdayLabels = (locale: Locale) =>
  [...render(locale).matchAll(/<label[^>]*><input type="checkbox"[^>]*\/>([^<]+)<\/label>/g)].map((match) => match[1] as string);

describe("BusinessHoursForm", () => {
  it("names the weekdays in the reader's language, from the day the market's week starts", () => {
    expect(weekdayLabels("en")).toEqual(["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]);
    expect(weekdayLabels("es")).toEqual(["Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo"]);
    expect(weekdayLabels("pt-BR")[0]).toBe("Domingo");
    expect(weekdayLabels("id")).toEqual(["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"]);
  });

  it("names each time input after its day, inside the sentence", () => {
    expect(render("en")).toContain('aria-label="Monday opens"');
    expect(render("es")).toContain('aria-label="Cierre del lunes"');
  });
});
