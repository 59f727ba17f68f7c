import { BellOff } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";

/** "Opted out of broadcasts since …": on the contact page and in the inbox's contact panel. */
export function OptOutBadge({ optedOutAt }: { optedOutAt: string }) {
  const t = useTranslations("outreach.optOut");
  const format = useFormatter();
  return (
    <Badge tone="amber" className="gap-1">
      <BellOff className="size-3" aria-hidden />
      {t.rich("since", {
        day: format.dateTime(new Date(optedOutAt), { dateStyle: "medium" }),
        time: (chunks) => <time dateTime={optedOutAt}>{chunks}</time>,
      })}
    </Badge>
  );
}
