"use client";

import { createContext, type ReactNode, useContext, useMemo, useState } from "react";

/**
 * Below 1440px the views are not a column (beside the list and the contact
 * panel it left the thread too little room, issue 21): a button in the
 * list's controls opens them as a drawer over the list. The two live in
 * sibling components, so they share this one bit of state.
 */
const ViewsDrawer = createContext<{ open: boolean; setOpen: (open: boolean) => void }>({ open: false, setOpen: () => {} });

export function ViewsDrawerProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const value = useMemo(() => ({ open, setOpen }), [open]);
  return <ViewsDrawer value={value}>{children}</ViewsDrawer>;
}

export const useViewsDrawer = () => useContext(ViewsDrawer);

/** The id the toggle's aria-controls names. */
export const VIEWS_DRAWER_ID = "inbox-views";
