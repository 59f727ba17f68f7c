import { describe, expect, it } from "vitest";
import { isOpenAt } from "@/lib/business-hours";

const weekdays = { mon: { open: "09:00", close: "17:00" }, sat: { open: "10:00", close: "14:00" } };

describe("isOpenAt", () => {
  it("reads the moment on the workspace's clock", () => {
    // Monday 2026-11-23 02:30 UTC is 09:30 in Jakarta (UTC+7) but 02:30 in London.
    const at = new Date("2026-11-23T02:30:00Z");
    expect(isOpenAt(weekdays, "Asia/Jakarta", at)).toBe(true);
    expect(isOpenAt(weekdays, "Europe/London", at)).toBe(false);
  });

  it("opens at the opening minute and closes at the closing minute", () => {
    expect(isOpenAt(weekdays, "UTC", new Date("2026-11-23T09:00:00Z"))).toBe(true);
    expect(isOpenAt(weekdays, "UTC", new Date("2026-11-23T16:59:59Z"))).toBe(true);
    expect(isOpenAt(weekdays, "UTC", new Date("2026-11-23T17:00:00Z"))).toBe(false);
  });

  it("a day without hours is closed, and the weekday is the local one", () => {
    expect(isOpenAt(weekdays, "UTC", new Date("2026-11-24T10:00:00Z"))).toBe(false); // Tuesday
    // Saturday 11:00 in Mexico City is Saturday 17:00 UTC: open there, closed on a UTC clock.
    expect(isOpenAt(weekdays, "America/Mexico_City", new Date("2026-11-28T17:00:00Z"))).toBe(true);
    expect(isOpenAt(weekdays, "UTC", new Date("2026-11-28T17:00:00Z"))).toBe(false);
  });
});
