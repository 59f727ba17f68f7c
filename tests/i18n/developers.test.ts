import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "@/lib/audit-actions";
import { LOCALES, type Locale } from "@/lib/locales";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhook-events";
import { CATALOGUES } from "../support/intl";

describe("the developer and audit catalogues", () => {
  it.each(LOCALES)("%s has a sentence for every audited action and a description for every webhook event", (locale) => {
    const audit = createTranslator({ locale, messages: CATALOGUES[locale], namespace: "audit" });
    const webhooks = createTranslator({ locale, messages: CATALOGUES[locale], namespace: "developers.webhooks" });
    // The screens split "member.role_changed" into a group and a key; every action and event must be found that way.
    expect(AUDIT_ACTIONS.filter((action) => !audit.has(`actions.${action}` as "actions.member.role_changed"))).toEqual([]);
    expect(
      WEBHOOK_EVENT_TYPES.filter((type) => !webhooks.has(`eventDescriptions.${type}` as "eventDescriptions.message.received")),
    ).toEqual([]);
  });

  it("says a key was never used, or when it last was, as a whole sentence in each language", () => {
    const line = (locale: Locale, created: string, lastUsed: string | null) =>
      createTranslator({ locale, messages: CATALOGUES[locale], namespace: "developers.keys" })("meta", {
        created,
        createdBy: "Ana",
        used: lastUsed ? "yes" : "no",
        lastUsed: lastUsed ?? "",
      });
    expect(line("en", "2 days ago", null)).toBe("Created 2 days ago by Ana · last used never");
    expect(line("en", "2 days ago", "5 min. ago")).toBe("Created 2 days ago by Ana · last used 5 min. ago");
    expect(line("es", "hace 2 días", null)).toBe("Creada hace 2 días por Ana · nunca usada");
    expect(line("id", "2 hari yang lalu", "5 menit yang lalu")).toBe(
      "Dibuat 2 hari yang lalu oleh Ana · terakhir dipakai 5 menit yang lalu",
    );
  });

  it("names the rotation overlap in words, 3 days included", () => {
    const overlap = (locale: Locale, hours: number) =>
      createTranslator({ locale, messages: CATALOGUES[locale], namespace: "developers.webhooks" })("overlap", { hours });
    expect([0, 1, 24, 72].map((hours) => overlap("en", hours))).toEqual([
      "Stop using it now (it leaked)",
      "Keep signing with it for 1 hour",
      "Keep signing with it for 24 hours",
      "Keep signing with it for 3 days",
    ]);
    expect(overlap("pt-BR", 72)).toBe("Continuar assinando com ele por 3 dias");
  });
});
