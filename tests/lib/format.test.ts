import { describe, expect, it } from "vitest";
import { formatPhone, formatRelativeTime, initials } from "@/lib/format";
import { isWindowOpen, windowClosesAt } from "@/lib/whatsapp-window";
import { slugify } from "@/server/workspaces/queries";

describe("formatting", () => {
  it("formats E.164 numbers for people and leaves the rest alone", () => {
    expect(formatPhone("+6281234567890")).toBe("+62 812 3456 7890");
    expect(formatPhone("+5215512345678")).toMatch(/^\+52 /);
    expect(formatPhone("not a phone")).toBe("not a phone");
    expect(formatPhone(null)).toBe("");
  });

  it("says how long ago, relative to a given now", () => {
    const now = new Date("2026-11-23T12:00:00Z");
    expect(formatRelativeTime(new Date("2026-11-23T11:59:30Z"), now)).toBe("just now");
    expect(formatRelativeTime(new Date("2026-11-23T11:55:00Z"), now)).toBe("5 min. ago");
    expect(formatRelativeTime(new Date("2026-11-22T12:00:00Z"), now)).toBe("yesterday");
    expect(formatRelativeTime(null, now)).toBe("");
  });

  it("makes initials and slugs", () => {
    expect(initials("Ana Maria Souza")).toBe("AS");
    expect(initials("budi")).toBe("BU");
    expect(initials("  ")).toBe("?");
    expect(slugify("Café Ñandú — São Paulo!")).toBe("cafe-nandu-sao-paulo");
    expect(slugify("!!!")).toBe("workspace");
  });
});

describe("WhatsApp's 24-hour window", () => {
  const last = new Date("2026-11-23T10:00:00Z");
  it("is open for 24 hours after the customer's last message", () => {
    expect(windowClosesAt(last)).toEqual(new Date("2026-11-24T10:00:00Z"));
    expect(isWindowOpen(last, new Date("2026-11-24T09:59:59Z"))).toBe(true);
    expect(isWindowOpen(last, new Date("2026-11-24T10:00:00Z"))).toBe(false);
    expect(isWindowOpen(null, new Date())).toBe(false);
  });
});
