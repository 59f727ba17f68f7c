import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { type FilterOptions, FilterPanel } from "@/components/inbox/filter-bar";
import type { ConversationFilter } from "@/lib/conversation-filter";
import { withIntl } from "../support/intl";

const SALES = "0b8e2f6c-5d4a-4e3b-9a2c-1f0e9d8c7b6a";
const options = (teams: FilterOptions["teams"]): FilterOptions => ({
  members: [],
  teams,
  labels: [],
  channels: [],
  stages: [],
  fields: [],
});
const panel = (filter: ConversationFilter, teams: FilterOptions["teams"]) =>
  renderToStaticMarkup(
    withIntl(createElement(FilterPanel, { id: "f", filter, set: () => {}, options: options(teams), onClear: () => {} })),
  );

describe("the inbox filter panel's team", () => {
  it("offers any team, no team and each team, showing the filter's choice", () => {
    const html = panel({ status: ["open"], teamId: "none" }, [{ id: SALES, name: "Sales" }]);
    expect(html).toContain('<span class="text-slate-600">Team</span>');
    expect(html).toContain('<option value="">Any team</option>');
    expect(html).toContain('<option value="none" selected="">No team</option>');
    expect(html).toContain(`<option value="${SALES}">Sales</option>`);
    expect(panel({ status: ["open"], teamId: SALES }, [{ id: SALES, name: "Sales" }])).toContain(
      `<option value="${SALES}" selected="">Sales</option>`,
    );
  });

  it("is left out in a workspace without teams", () => {
    expect(panel({ status: ["open"] }, [])).not.toContain("Any team");
  });
});
