import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { StatusBadge, type StatusKind, type StatusOf } from "@/components/ui/status-badge";
import type { Locale } from "@/lib/locales";
import { RUN_OUTCOMES } from "@/server/ai/runs";
import { WEBHOOK_OUTCOMES } from "@/server/ingest/webhook-log";
import { renderInLocale } from "../support/intl";

const badge = <K extends StatusKind>(kind: K, status: StatusOf<K>, locale: Locale = "en") =>
  renderInLocale(createElement(StatusBadge<K>, { kind, status }), locale);
/** The badge's text alone. */
const label = <K extends StatusKind>(kind: K, status: StatusOf<K>, locale: Locale = "en") =>
  badge(kind, status, locale).replace(/<[^>]+>/g, "");

describe("StatusBadge", () => {
  it("shows each kind's label in its tone", () => {
    expect(badge("webhookDelivery", "succeeded")).toContain("Delivered");
    expect(badge("webhookDelivery", "succeeded")).toContain("bg-brand-50");
    expect(badge("channel", "pending")).toContain("Pending");
    expect(badge("channel", "pending")).toContain("bg-amber-50");
    expect(badge("contactImport", "running")).toContain("Importing");
    expect(badge("aiRun", "handed_off")).toContain("Handed over");
  });

  it("speaks the user's language, with the same tone", () => {
    expect(label("template", "APPROVED", "id")).toBe("Disetujui");
    expect(label("broadcast", "scheduled", "es")).toBe("Programada");
    expect(label("conversation", "resolved", "pt-BR")).toBe("Resolvida");
    expect(badge("template", "REJECTED", "pt-BR")).toContain("bg-red-50");
  });

  it("reads a status it does not know as itself, in gray", () => {
    const unknown = "rerouted" as StatusOf<"webhookEvent">;
    expect(label("webhookEvent", unknown)).toBe("rerouted");
    expect(badge("webhookEvent", unknown)).toContain("bg-slate-100");
  });

  it("has a label for every outcome the server stores", () => {
    for (const outcome of WEBHOOK_OUTCOMES) expect(label("webhookEvent", outcome)).not.toBe(outcome);
    for (const outcome of RUN_OUTCOMES) expect(label("aiRun", outcome)).not.toBe(outcome);
  });
});
