"use client";

import { useTranslations } from "next-intl";
import { type ClipboardEvent, type RefObject, useEffect, useState } from "react";
import { useShortcuts } from "@/components/ui/use-shortcuts";

/**
 * "r" and "n": the composer in reply or note mode, focused, wherever the
 * agent was on the page. Focus moves after the mode's controls render (a
 * closed 24-hour window shows the template picker instead of a text box).
 * Escape leaves it (a picker open in it closes first: it handles Escape itself).
 */
export function useComposerShortcuts(root: RefObject<HTMLElement | null>, onMode: (mode: "reply" | "note") => void) {
  const t = useTranslations("inbox.shortcuts");
  const [focusRequest, setFocusRequest] = useState(0);
  useEffect(() => {
    if (focusRequest === 0) return;
    const box = root.current;
    (box?.querySelector<HTMLElement>("textarea") ?? box?.querySelector<HTMLElement>("select, input, button:not([role='tab'])"))?.focus();
  }, [focusRequest, root]);

  const focusIn = (mode: "reply" | "note") => {
    onMode(mode);
    setFocusRequest((n) => n + 1);
  };
  useShortcuts([
    {
      id: "composer.leave",
      label: t("leaveComposer"),
      group: "conversation",
      keys: [],
      localKeys: ["Escape"],
      scope: () => root.current,
      whileTyping: true,
      run: () => (document.activeElement as HTMLElement | null)?.blur(),
    },
    { id: "composer.reply", label: t("reply"), group: "conversation", keys: ["r"], palette: true, run: () => focusIn("reply") },
    { id: "composer.note", label: t("note"), group: "conversation", keys: ["n"], palette: true, run: () => focusIn("note") },
  ]);
}

/** A file pasted into the text box (a screenshot, a copied file), to attach instead of pasting its name. */
export function pastedFile(event: ClipboardEvent): File | undefined {
  return event.clipboardData.files[0];
}
