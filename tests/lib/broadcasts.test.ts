import { describe, expect, it } from "vitest";
import { emptyCounts, funnel, resolveParameters } from "@/lib/broadcasts";
import { parseWallTime } from "@/lib/snooze";
import { fillPlaceholders } from "@/lib/templates";

describe("broadcast helpers", () => {
  it("reads a scheduled time on the workspace's clock", () => {
    expect(parseWallTime("2026-12-24T09:00", "Asia/Jakarta")?.toISOString()).toBe("2026-12-24T02:00:00.000Z");
    expect(parseWallTime("2026-07-01T09:30", "America/Sao_Paulo")?.toISOString()).toBe("2026-07-01T12:30:00.000Z");
    // New York in summer time (UTC-4) and in winter (UTC-5).
    expect(parseWallTime("2026-07-01T09:00", "America/New_York")?.toISOString()).toBe("2026-07-01T13:00:00.000Z");
    expect(parseWallTime("2026-12-01T09:00", "America/New_York")?.toISOString()).toBe("2026-12-01T14:00:00.000Z");
    expect(parseWallTime("tomorrow", "UTC")).toBeNull();
  });

  it("fills placeholders from contact fields, custom fields and literals, with fallbacks", () => {
    const mapping = {
      "body.1": { source: "contact", field: "first_name", fallback: "there" },
      "body.2": { source: "custom", key: "code", fallback: "WELCOME" },
      "header.1": { source: "literal", value: "Sale" },
    } as const;
    const contact = { name: "Siti Rahma", phone_e164: "+6281234567890", email: null, custom_attributes: { code: "S10" } };
    expect(resolveParameters(mapping, contact)).toEqual({ "body.1": "Siti", "body.2": "S10", "header.1": "Sale" });
    expect(resolveParameters(mapping, { ...contact, name: " ", custom_attributes: {} })).toEqual({
      "body.1": "there",
      "body.2": "WELCOME",
      "header.1": "Sale",
    });
    expect(fillPlaceholders("Hi {{1}}, {{2}} {{3}}", "body", { "body.1": "Siti", "body.2": "S10" })).toBe("Hi Siti, S10 {{3}}");
  });

  it("counts the funnel cumulatively: a reply was read, delivered and sent", () => {
    const counts = { ...emptyCounts(), total: 10, queued: 1, sent: 1, delivered: 2, read: 1, replied: 2, failed: 1, skipped: 2 };
    expect(funnel(counts).map((s) => s.count)).toEqual([8, 6, 5, 3, 2]);
  });
});
