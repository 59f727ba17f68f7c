import { createTranslator } from "next-intl";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { BroadcastList, type BroadcastListItem } from "@/components/broadcasts/broadcast-list";
import { BroadcastProgress } from "@/components/broadcasts/progress-bar";
import { TemplateList } from "@/components/templates/template-list";
import { emptyCounts } from "@/lib/broadcasts";
import type { Locale } from "@/lib/locales";
import { CATALOGUES, renderInLocale } from "../support/intl";

/** The text a reader sees, tags dropped. */
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

// 763 still queued: 1,237 of 2,000 through.
const counts = { ...emptyCounts(), total: 2000, queued: 763, sent: 1000, read: 234, failed: 3 };

describe("broadcasts in the user's language", () => {
  it("counts with the language's separators and percent sign", () => {
    expect(text(renderInLocale(createElement(BroadcastProgress, { counts, label: "p" }), "es"))).toContain("1237 de 2000 (62 %)");
    expect(text(renderInLocale(createElement(BroadcastProgress, { counts, label: "p" }), "id"))).toContain("1.237 dari 2.000 (62%)");
    expect(text(renderInLocale(createElement(BroadcastProgress, { counts, label: "p" }), "en"))).toContain("1,237 of 2,000 (62%)");
  });

  it("dates a broadcast on the workspace's clock, and names the funnel's steps", () => {
    const item: BroadcastListItem = {
      id: "b1",
      name: "Promo Desember",
      state: "scheduled",
      template_name: "promo",
      scheduled_at: new Date("2026-12-05T07:30:00Z"),
      started_at: null,
      created_at: new Date("2026-12-01T00:00:00Z"),
      counts,
    };
    const html = text(renderInLocale(createElement(BroadcastList, { items: [item], timeZone: "Asia/Jakarta" }), "id"));
    // 07:30 UTC is 14.30 in Jakarta.
    expect(html).toContain("promo · Mulai 5 Des, 14.30");
    expect(html).toContain("Dibaca 234");
    expect(html).toContain("Gagal 3");
    expect(renderInLocale(createElement(BroadcastList, { items: [item], timeZone: "Asia/Jakarta" }), "id")).toContain(
      'aria-label="Progres Promo Desember"',
    );
  });

  it("sums up a CSV file with plurals, leaving out what is zero", () => {
    const summary = (messages: (typeof CATALOGUES)["es"], locale: Locale, numbers: number, invalid: number, duplicates: number) =>
      createTranslator({ locale, messages, namespace: "broadcasts.wizard" })("csvSummary", {
        file: "list.csv",
        numbers,
        invalid,
        duplicates,
      });
    expect(summary(CATALOGUES.es, "es", 1, 0, 0)).toBe("list.csv: 1 número");
    expect(summary(CATALOGUES.es, "es", 1200, 1, 2)).toBe("list.csv: 1200 números, 1 no es un número (omitido), 2 repetidos");
    expect(summary(CATALOGUES.id, "id", 3, 2, 0)).toBe("list.csv: 3 nomor, 2 bukan nomor (dilewati)");
  });
});

describe("templates in the user's language", () => {
  it("names categories and statuses, and keeps a category Meta adds later as it is", () => {
    const item = { id: "t1", name: "order_update", language: "pt_BR", status: "APPROVED", quality: null, number: null, synced: null };
    const html = text(
      renderInLocale(
        createElement(TemplateList, {
          items: [
            { ...item, category: "UTILITY" },
            { ...item, id: "t2", category: "SERVICE" },
          ],
        }),
        "pt-BR",
      ),
    );
    expect(html).toContain("Utilidade");
    expect(html).toContain("SERVICE");
    expect(html).toContain("Aprovado");
    expect(html).toContain("Última sincronização");
    expect(html).toContain("Ainda não sincronizado");
  });
});
