import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/locales";
import { firstWeekday, weekdaysFrom } from "@/lib/week-start";

describe("the business-hours week", () => {
  it("starts on the first day of the workspace language's market", () => {
    expect(weekdaysFrom(firstWeekday("en"))).toEqual(["sun", "mon", "tue", "wed", "thu", "fri", "sat"]);
    expect(weekdaysFrom(firstWeekday("pt-BR"))).toEqual(["sun", "mon", "tue", "wed", "thu", "fri", "sat"]);
    expect(weekdaysFrom(firstWeekday("es"))).toEqual(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    // CLDR (and so Intl) has Indonesian calendars start on Minggu, Sunday.
    expect(weekdaysFrom(firstWeekday("id"))).toEqual(["sun", "mon", "tue", "wed", "thu", "fri", "sat"]);
  });

  it("gives the same answer on a runtime without Intl week info", () => {
    for (const locale of LOCALES)
      expect({ locale, first: firstWeekday(locale, () => undefined) }).toEqual({ locale, first: firstWeekday(locale) });
  });

  it("follows what Intl says over the table", () => {
    expect(firstWeekday("en", () => ({ firstDay: 1 }))).toBe("mon");
    expect(firstWeekday("es", () => ({ firstDay: 6 }))).toBe("sat");
  });
});
