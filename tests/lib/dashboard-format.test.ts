import { describe, expect, it } from "vitest";
import { describeAuditDetails } from "@/lib/audit-actions";
import { formatDuration, formatDurationShort } from "@/lib/dashboard";

describe("durations", () => {
  it("reads like a person would say it", () => {
    expect(formatDuration(null)).toBe("–");
    expect(formatDuration(42.4)).toBe("42 s");
    expect(formatDuration(75)).toBe("1 min 15 s");
    expect(formatDuration(120)).toBe("2 min");
    expect(formatDuration(5400)).toBe("1 h 30 min");
    expect(formatDuration(7200)).toBe("2 h");
    expect(formatDurationShort(2200)).toBe("37 min");
    expect(formatDurationShort(5400)).toBe("1.5 h");
    expect(formatDurationShort(7200)).toBe("2 h");
  });
});

describe("audit details", () => {
  it("shows changes as before → after, and leaves ids out", () => {
    expect(describeAuditDetails({ from: "agent", to: "admin" })).toBe("agent → admin");
    expect(
      describeAuditDetails({
        changes: { time_zone: { from: "UTC", to: "Asia/Jakarta" }, default_country: { from: "ID", to: "MX" } },
      }),
    ).toBe("time zone: UTC → Asia/Jakarta; default country: ID → MX");
    expect(describeAuditDetails({ role: "agent", invitation_id: "x", new_account: true })).toBe("role: agent; new account: true");
  });
});
