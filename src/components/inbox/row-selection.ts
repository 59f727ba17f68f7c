/**
 * Rows picked for a bulk action and the anchor of a Shift range: the row
 * last toggled on its own. Kept in one state value and changed by this pure
 * function, so React may replay the update (it does, when a render is
 * interrupted) and get the same answer.
 */
export interface RowPicks {
  ids: ReadonlySet<string>;
  anchor: string | null;
}

export const NO_PICKS: RowPicks = { ids: new Set(), anchor: null };

/**
 * Toggles `id`, or with `range` sets every row from the anchor to `id` (in
 * the list's `order`) to the anchor's state, as mail clients do. Without an
 * anchor in the list, a range is a single toggle.
 */
export function togglePick(picks: RowPicks, order: readonly string[], id: string, range: boolean): RowPicks {
  const ids = new Set(picks.ids);
  const from = range && picks.anchor ? order.indexOf(picks.anchor) : -1;
  const to = order.indexOf(id);
  if (from >= 0 && to >= 0) {
    const on = ids.has(picks.anchor ?? "");
    for (const rowId of order.slice(Math.min(from, to), Math.max(from, to) + 1)) {
      if (on) ids.add(rowId);
      else ids.delete(rowId);
    }
    return { ids, anchor: picks.anchor };
  }
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: id };
}
