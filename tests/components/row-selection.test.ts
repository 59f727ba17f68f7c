import { describe, expect, it } from "vitest";
import { NO_PICKS, type RowPicks, togglePick } from "@/components/inbox/row-selection";

const order = ["a", "b", "c", "d", "e", "f"];
const run = (steps: [string, boolean][], start: RowPicks = NO_PICKS) =>
  steps.reduce((picks, [id, range]) => togglePick(picks, order, id, range), start);
const picked = (picks: RowPicks) => [...picks.ids].sort();

describe("picking rows for a bulk action", () => {
  it("a click toggles one row and becomes the anchor", () => {
    const picks = run([
      ["b", false],
      ["d", false],
      ["b", false],
    ]);
    expect(picked(picks)).toEqual(["d"]);
    expect(picks.anchor).toBe("b");
  });

  it("Shift picks the range from the anchor, downwards and upwards", () => {
    expect(
      picked(
        run([
          ["a", false],
          ["e", true],
        ]),
      ),
    ).toEqual(["a", "b", "c", "d", "e"]);
    expect(
      picked(
        run([
          ["e", false],
          ["b", true],
        ]),
      ),
    ).toEqual(["b", "c", "d", "e"]);
  });

  it("a second Shift+click re-ranges from the same anchor; Shift from an unpicked anchor clears the range", () => {
    const picks = run([
      ["c", false],
      ["f", true],
      ["a", true],
    ]);
    expect(picked(picks)).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(picks.anchor).toBe("c");
    const cleared = run(
      [
        ["c", false],
        ["e", true],
      ],
      picks,
    );
    expect(picked(cleared)).toEqual(["a", "b", "f"]);
  });

  it("Shift without an anchor in the list toggles the one row", () => {
    expect(picked(run([["d", true]]))).toEqual(["d"]);
    expect(picked(togglePick({ ids: new Set(["gone"]), anchor: "gone" }, order, "b", true))).toEqual(["b", "gone"]);
  });

  it("leaves the state it was given unchanged (React may replay an update)", () => {
    const start = run([["a", false]]);
    const before = picked(start);
    togglePick(start, order, "d", true);
    expect(picked(start)).toEqual(before);
  });
});
