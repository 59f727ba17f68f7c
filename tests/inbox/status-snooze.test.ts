import { describe, expect, it } from "vitest";
import type { BusinessHours } from "@/lib/business-hours";
import { parseWallTime, snoozeOptions, snoozeUntil } from "@/lib/snooze";

/** The workspace default: Monday to Friday, 09:00–17:00. */
const WEEKDAYS_9_TO_5: BusinessHours = {
  mon: { open: "09:00", close: "17:00" },
  tue: { open: "09:00", close: "17:00" },
  wed: { open: "09:00", close: "17:00" },
  thu: { open: "09:00", close: "17:00" },
  fri: { open: "09:00", close: "17:00" },
};

const presets = (now: string, timeZone: string, hours: BusinessHours = WEEKDAYS_9_TO_5) =>
  Object.fromEntries(
    (["one_hour", "tonight", "tomorrow", "next_week"] as const).map((p) => [
      p,
      snoozeUntil(p, new Date(now), timeZone, hours)?.toISOString() ?? null,
    ]),
  );

describe("snooze presets on the workspace's clock", () => {
  it("Asia/Jakarta (UTC+7): a Wednesday morning", () => {
    // Wednesday 2026-12-09 10:00 in Jakarta.
    expect(presets("2026-12-09T03:00:00Z", "Asia/Jakarta")).toEqual({
      one_hour: "2026-12-09T04:00:00.000Z",
      tonight: "2026-12-09T10:00:00.000Z", // closing, 17:00
      tomorrow: "2026-12-10T02:00:00.000Z", // Thursday 09:00
      next_week: "2026-12-14T02:00:00.000Z", // Monday 09:00
    });
  });

  it("Asia/Jakarta: just after midnight on Saturday, while it is still Friday in UTC", () => {
    // Saturday 2026-12-12 00:30 in Jakarta = Friday 17:30 UTC.
    expect(presets("2026-12-11T17:30:00Z", "Asia/Jakarta")).toEqual({
      one_hour: "2026-12-11T18:30:00.000Z",
      tonight: "2026-12-12T11:00:00.000Z", // closed on Saturday: 18:00
      tomorrow: "2026-12-14T02:00:00.000Z", // the next business day is Monday
      next_week: "2026-12-14T02:00:00.000Z",
    });
  });

  it("America/Mexico_City (UTC−6 all year): Sunday evening, after 18:00", () => {
    // Sunday 2026-12-13 20:00 in Mexico City = Monday 02:00 UTC.
    expect(presets("2026-12-14T02:00:00Z", "America/Mexico_City")).toEqual({
      one_hour: "2026-12-14T03:00:00.000Z",
      tonight: null, // the evening has passed
      tomorrow: "2026-12-14T15:00:00.000Z", // Monday 09:00
      next_week: "2026-12-14T15:00:00.000Z", // weeks start on Monday
    });
  });

  it("America/Sao_Paulo (UTC−3): its own hours, Saturday morning open", () => {
    const hours: BusinessHours = { ...WEEKDAYS_9_TO_5, mon: { open: "08:00", close: "18:00" }, sat: { open: "09:00", close: "13:00" } };
    // Friday 2026-12-11 16:00 in São Paulo.
    expect(presets("2026-12-11T19:00:00Z", "America/Sao_Paulo", hours)).toEqual({
      one_hour: "2026-12-11T20:00:00.000Z",
      tonight: "2026-12-11T20:00:00.000Z", // Friday closes at 17:00
      tomorrow: "2026-12-12T12:00:00.000Z", // Saturday 09:00
      next_week: "2026-12-14T11:00:00.000Z", // Monday 08:00
    });
    // After closing but before 18:00, "tonight" is 18:00.
    expect(snoozeUntil("tonight", new Date("2026-12-11T20:30:00Z"), "America/Sao_Paulo", hours)?.toISOString()).toBe(
      "2026-12-11T21:00:00.000Z",
    );
  });

  it("without business hours: 18:00 tonight, 09:00 tomorrow, Monday 09:00", () => {
    expect(presets("2026-12-09T03:00:00Z", "Asia/Jakarta", {})).toEqual({
      one_hour: "2026-12-09T04:00:00.000Z",
      tonight: "2026-12-09T11:00:00.000Z",
      tomorrow: "2026-12-10T02:00:00.000Z",
      next_week: "2026-12-14T02:00:00.000Z",
    });
  });

  it("across a DST change the wall-clock time holds (America/New_York, 14 March 2027)", () => {
    // Saturday 2027-03-13 12:00 EST; DST starts on Sunday.
    const now = "2027-03-13T17:00:00Z";
    expect(snoozeUntil("tomorrow", new Date(now), "America/New_York", WEEKDAYS_9_TO_5)?.toISOString()).toBe(
      "2027-03-15T13:00:00.000Z", // Monday 09:00 EDT
    );
    // A time the change skips moves forward; a time that occurs twice is its first occurrence.
    expect(parseWallTime("2027-03-14T02:30", "America/New_York")?.toISOString()).toBe("2027-03-14T07:30:00.000Z");
    expect(parseWallTime("2027-11-07T01:30", "America/New_York")?.toISOString()).toBe("2027-11-07T05:30:00.000Z");
  });

  it("reads a custom date-time on the workspace's clock, and refuses a malformed one", () => {
    expect(parseWallTime("2026-12-24T18:45", "Asia/Jakarta")?.toISOString()).toBe("2026-12-24T11:45:00.000Z");
    expect(parseWallTime("2026-12-24T18:45", "America/Mexico_City")?.toISOString()).toBe("2026-12-25T00:45:00.000Z");
    expect(parseWallTime("2026-12-24T18:45", "America/Sao_Paulo")?.toISOString()).toBe("2026-12-24T21:45:00.000Z");
    expect(parseWallTime("24/12/2026 18:45", "Asia/Jakarta")).toBeNull();
    expect(parseWallTime("2026-13-01T10:00", "Asia/Jakarta")).toBeNull();
  });

  it("the menu gets each preset's wake time on the workspace's clock", () => {
    const options = snoozeOptions(new Date("2026-12-09T03:00:00Z"), "Asia/Jakarta", WEEKDAYS_9_TO_5);
    expect(options).toEqual([
      { preset: "one_hour", until: "2026-12-09T04:00:00.000Z" },
      { preset: "tonight", until: "2026-12-09T10:00:00.000Z" },
      { preset: "tomorrow", until: "2026-12-10T02:00:00.000Z" },
      { preset: "next_week", until: "2026-12-14T02:00:00.000Z" },
    ]);
  });
});
