import { describe, expect, it } from "vitest";
import { formatPhone, initials } from "@/lib/format";
import { isWindowOpen, windowClosesAt } from "@/lib/whatsapp-window";
import { slugify } from "@/server/workspaces/queries";

describe("formatting", () => {
  it("formats E.164 numbers for people and leaves the rest alone", () => {
    expect(formatPhone("+6281234567890")).toBe("+62 812 3456 7890");
    expect(formatPhone("+5215512345678")).toMatch(/^\+52 /);
    expect(formatPhone("not a phone")).toBe("not a phone");
    expect(formatPhone(null)).toBe("");
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
