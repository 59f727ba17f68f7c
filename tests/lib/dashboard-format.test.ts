import { describe, expect, it } from "vitest";
import { describeAuditDetails } from "@/lib/audit-actions";

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
