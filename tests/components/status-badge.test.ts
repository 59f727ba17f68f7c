import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { StatusBadge, type StatusKind, type StatusOf, statusLabel } from "@/components/ui/status-badge";
import { RUN_OUTCOMES } from "@/server/ai/runs";
import { WEBHOOK_OUTCOMES } from "@/server/ingest/webhook-log";

const badge = <K extends StatusKind>(kind: K, status: StatusOf<K>) => renderToStaticMarkup(createElement(StatusBadge<K>, { kind, status }));

describe("StatusBadge", () => {
  it("shows each kind's label in its tone", () => {
    expect(badge("webhookDelivery", "succeeded")).toContain("Delivered");
    expect(badge("webhookDelivery", "succeeded")).toContain("bg-brand-50");
    expect(badge("channel", "pending")).toContain("Pending");
    expect(badge("channel", "pending")).toContain("bg-amber-50");
    expect(badge("contactImport", "running")).toContain("Importing");
    expect(badge("aiRun", "handed_off")).toContain("Handed over");
  });

  it("reads a status it does not know as itself, in gray", () => {
    const unknown = "rerouted" as StatusOf<"webhookEvent">;
    expect(statusLabel("webhookEvent", unknown)).toBe("rerouted");
    expect(badge("webhookEvent", unknown)).toContain("bg-slate-100");
  });

  it("has a label for every outcome the server stores", () => {
    for (const outcome of WEBHOOK_OUTCOMES) expect(statusLabel("webhookEvent", outcome)).not.toBe(outcome);
    for (const outcome of RUN_OUTCOMES) expect(statusLabel("aiRun", outcome)).not.toBe(outcome);
  });
});
