import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CountryCode, canonicalizePhone, canonicalizeWaId, phoneCountry } from "@/lib/phone";

describe("canonicalizePhone: every form of one person's number is one E.164", () => {
  it.each<[string, CountryCode, string[], string]>([
    [
      "Indonesia",
      "ID",
      ["0813-1234-5678", "6281312345678", "+62 813 1234 5678", "+62 (0) 813 1234 5678", "0062 813 1234 5678"],
      "+6281312345678",
    ],
    ["Colombia", "CO", ["300 123 4567", "573001234567", "+57 300 1234567"], "+573001234567"],
    ["Mexico 521 / 52", "MX", ["5215512345678", "+52 1 55 1234 5678", "+52 55 1234 5678", "55 1234 5678"], "+525512345678"],
    [
      "Brazil with and without the ninth digit",
      "BR",
      ["+55 11 98765-4321", "551187654321", "(11) 98765-4321", "+55 11 8765-4321"],
      "+5511987654321",
    ],
    ["Argentina 549 / 54 / 15", "AR", ["5491123456789", "+54 11 2345-6789", "011 15-2345-6789", "+54 9 11 2345-6789"], "+5491123456789"],
    ["Philippines", "PH", ["0917 123 4567", "+63 917 123 4567", "639171234567"], "+639171234567"],
    ["United States", "US", ["(201) 555-0123", "+1 201 555 0123", "12015550123"], "+12015550123"],
  ])("%s", (_label, country, variants, expected) => {
    for (const variant of variants) expect(canonicalizePhone(variant, country), variant).toBe(expected);
  });

  it("never merges different people", () => {
    const numbers = [
      canonicalizePhone("+52 55 1234 5678"),
      canonicalizePhone("+52 55 1234 5679"),
      canonicalizePhone("+55 11 98765-4321"),
      // A São Paulo landline keeps 8 digits and is not the mobile above.
      canonicalizePhone("+55 11 3765-4321"),
      canonicalizePhone("+6281312345678"),
      canonicalizePhone("+6281312345679"),
    ];
    expect(numbers.every(Boolean)).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(canonicalizePhone("+55 11 3765-4321")).toBe("+551137654321");
  });

  it.each(["", "abc", "123", "+", "call me", "1".repeat(30), "+62 813 abc", "0000000000"])("refuses %j", (input) => {
    expect(canonicalizePhone(input, "ID")).toBeNull();
  });
});

describe("canonicalizeWaId", () => {
  it.each([
    ["16315551181", "+16315551181"],
    ["5215512345678", "+525512345678"],
    ["551187654321", "+5511987654321"],
    ["5491123456789", "+5491123456789"],
    ["6281312345678", "+6281312345678"],
    ["573001234567", "+573001234567"],
  ])("%s → %s", (waId, expected) => {
    expect(canonicalizeWaId(waId)).toBe(expected);
  });

  it("refuses what is not a wa_id", () => {
    expect(canonicalizeWaId("")).toBeNull();
    expect(canonicalizeWaId("ID.1234567890123456")).toBeNull();
    expect(canonicalizeWaId("55YOURNUMBER")).toBeNull();
  });

  it("knows the country", () => {
    expect(phoneCountry("+5491123456789")).toBe("AR");
  });
});

describe("properties", () => {
  const canonicalShape = /^\+[1-9]\d{6,14}$/;
  it("never throws, returns E.164 or null, and is idempotent", () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom<CountryCode | undefined>("ID", "MX", "BR", "AR", "CO", undefined), (input, country) => {
        const phone = canonicalizePhone(input, country);
        const fromWaId = canonicalizeWaId(input);
        for (const value of [phone, fromWaId]) {
          if (value !== null) {
            expect(value).toMatch(canonicalShape);
            expect(canonicalizePhone(value)).toBe(value);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it("is idempotent on digit strings that are numbers", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^(62|52|521|55|549|54|57|63|1)\d{8,11}$/), (digits) => {
        const value = canonicalizeWaId(digits);
        if (value !== null) {
          expect(canonicalizeWaId(value.slice(1))).toBe(value);
          // Typed input is held to full validity; a wa_id only to a possible number.
          expect([value, null]).toContain(canonicalizePhone(value));
        }
      }),
      { numRuns: 500 },
    );
  });
});
