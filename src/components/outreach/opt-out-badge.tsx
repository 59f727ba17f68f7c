import { BellOff } from "lucide-react";
import { Badge } from "@/components/ui/badge";

// A fixed locale and zone: the same text on the server and in the browser (no hydration mismatch).
const day = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

/** The day someone opted out, as the badge and the dialog say it. */
export const optedOutDay = (at: string) => day.format(new Date(at));

/** "Opted out of broadcasts since …": on the contact page and in the inbox's contact panel. */
export function OptOutBadge({ optedOutAt }: { optedOutAt: string }) {
  return (
    <Badge tone="amber" className="gap-1">
      <BellOff className="size-3" aria-hidden />
      Opted out of broadcasts since <time dateTime={optedOutAt}>{optedOutDay(optedOutAt)}</time>
    </Badge>
  );
}
