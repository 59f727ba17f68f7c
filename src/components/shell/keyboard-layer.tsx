"use client";

import { X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { Kbd } from "@/components/ui/kbd";
import { palette } from "@/components/ui/palette";
import { SHORTCUT_GROUPS } from "@/components/ui/shortcuts";
import { useKeyLabel, useRegisteredShortcuts, useShortcutListener, useShortcuts } from "@/components/ui/use-shortcuts";
import { CommandPalette, type PaletteDestination } from "./command-palette";

const togglePalette = () => (palette.get().open ? palette.close() : palette.open());

/**
 * What every signed-in page gets from the keyboard: the one key listener,
 * Ctrl/⌘+K for the command palette and "?" for the list of shortcuts.
 */
export function KeyboardLayer({ destinations }: { destinations: readonly PaletteDestination[] }) {
  const t = useTranslations("shell.shortcuts");
  const [helpOpen, setHelpOpen] = useState(false);
  useShortcutListener();
  useShortcuts([
    { id: "palette", label: t("openPalette"), group: "general", keys: ["Mod+k"], whileTyping: true, run: togglePalette },
    { id: "help", label: t("showHelp"), group: "general", keys: ["?"], palette: true, run: () => setHelpOpen(true) },
  ]);
  return (
    <>
      <CommandPalette destinations={destinations} />
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
    </>
  );
}

/** The "?" dialog: every shortcut registered on this page, by group, read from the registry itself. */
function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useTranslations("shell.shortcuts");
  const close = useTranslations("common")("close");
  const dialog = useRef<HTMLDialogElement>(null);
  const registered = useRegisteredShortcuts();
  const keyLabel = useKeyLabel();

  useEffect(() => {
    const element = dialog.current;
    if (open && element && !element.open) element.showModal();
    if (!open && element?.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      aria-labelledby="shortcut-help-title"
      onClose={onClose}
      onMouseDown={(event) => event.target === event.currentTarget && onClose()}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-xl bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/30"
    >
      {open && (
        <div className="space-y-4 p-5">
          <div className="flex items-center justify-between">
            <h2 id="shortcut-help-title" className="text-base font-semibold text-slate-900">
              {t("title")}
            </h2>
            <button type="button" aria-label={close} className="rounded-md p-1 text-slate-500 hover:bg-slate-100" onClick={onClose}>
              <X className="size-4" aria-hidden />
            </button>
          </div>
          {SHORTCUT_GROUPS.map((group) => {
            const shown = registered.filter((s) => s.group === group && (s.keys.length > 0 || s.localKeys?.length));
            if (shown.length === 0) return null;
            return (
              <section key={group} aria-label={t(`groups.${group}`)}>
                <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t(`groups.${group}`)}</h3>
                <dl className="divide-y divide-slate-100">
                  {shown.map((s) => (
                    <div key={s.id} className="flex items-center justify-between gap-3 py-1.5 text-sm" data-testid="shortcut">
                      <dt className="text-slate-700">{s.label}</dt>
                      <dd className="flex shrink-0 items-center gap-1">
                        {s.keys.map((k) => (
                          <Kbd key={k}>{keyLabel(k)}</Kbd>
                        ))}
                        {s.localKeys?.map((k) => (
                          <Kbd key={k}>{keyLabel(k)}</Kbd>
                        ))}
                      </dd>
                    </div>
                  ))}
                </dl>
              </section>
            );
          })}
          <p className="text-xs text-slate-500">{t.rich("footer", { key: (chunks) => <Kbd>{String(chunks)}</Kbd> })}</p>
        </div>
      )}
    </dialog>
  );
}
