import { cn } from "./cn";

/** A key as printed in the shortcut help and the palette. */
export function Kbd({ children, className }: { children: string; className?: string }) {
  return (
    <kbd
      className={cn(
        "inline-flex min-w-5 items-center justify-center rounded border border-slate-300 bg-slate-50 px-1 font-sans text-[11px] font-medium text-slate-600",
        className,
      )}
    >
      {children}
    </kbd>
  );
}
