import { cn } from "@/components/ui/cn";
import type { LabelColor } from "@/lib/label-colors";

/** Each palette name's look (src/lib/label-colors.ts): a soft background and a darker dot and text. */
export const LABEL_STYLES: Record<LabelColor, { chip: string; dot: string }> = {
  slate: { chip: "bg-slate-100 text-slate-700", dot: "bg-slate-500" },
  red: { chip: "bg-red-50 text-red-700", dot: "bg-red-500" },
  orange: { chip: "bg-orange-50 text-orange-700", dot: "bg-orange-500" },
  amber: { chip: "bg-amber-50 text-amber-800", dot: "bg-amber-500" },
  green: { chip: "bg-green-50 text-green-700", dot: "bg-green-500" },
  teal: { chip: "bg-teal-50 text-teal-700", dot: "bg-teal-500" },
  sky: { chip: "bg-sky-50 text-sky-700", dot: "bg-sky-500" },
  blue: { chip: "bg-blue-50 text-blue-700", dot: "bg-blue-500" },
  violet: { chip: "bg-violet-50 text-violet-700", dot: "bg-violet-500" },
  pink: { chip: "bg-pink-50 text-pink-700", dot: "bg-pink-500" },
};

export function LabelDot({ color, className }: { color: LabelColor; className?: string }) {
  return <span className={cn("inline-block size-2 shrink-0 rounded-full", LABEL_STYLES[color].dot, className)} aria-hidden />;
}

/** A conversation label as a small coloured chip. */
export function LabelChip({ name, color, className }: { name: string; color: LabelColor; className?: string }) {
  return (
    <span
      className={cn(
        "inline-flex max-w-32 items-center gap-1 rounded-full px-1.5 py-0.5 text-[10px] font-medium",
        LABEL_STYLES[color].chip,
        className,
      )}
      data-testid="label-chip"
    >
      <LabelDot color={color} className="size-1.5" />
      <span className="truncate">{name}</span>
    </span>
  );
}
