import { useTranslations } from "next-intl";
import type { Availability } from "@/lib/availability";
import { cn } from "./cn";

const colors: Record<Availability, string> = {
  online: "bg-brand-500",
  away: "bg-amber-400",
  offline: "bg-slate-300",
};

/** A member's availability as a coloured dot, with its name for screen readers and on hover. */
export function AvailabilityDot({ availability, className }: { availability: Availability; className?: string }) {
  const label = useTranslations("common")(`availability.${availability}`);
  return (
    <span className={cn("inline-block size-2.5 shrink-0 rounded-full ring-2 ring-white", colors[availability], className)} title={label}>
      <span className="sr-only">{label}</span>
    </span>
  );
}
