import { AlertCircle, Check, CheckCheck, Clock } from "lucide-react";
import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import type { MessageStatus } from "@/server/inbox/queries";

/** Where one of our messages is: a clock while sending, ✓ sent, ✓✓ delivered, blue ✓✓ read, a red mark when it failed. */
export function MessageStatusIcon({ status, className }: { status: MessageStatus; className?: string }) {
  const t = useTranslations("inbox.delivery");
  switch (status) {
    case "pending":
      return <Clock className={cn("size-3.5", className)} aria-label={t("pending")} data-status="pending" />;
    case "sent":
      return <Check className={cn("size-3.5", className)} aria-label={t("sent")} data-status="sent" />;
    case "delivered":
      return <CheckCheck className={cn("size-3.5", className)} aria-label={t("delivered")} data-status="delivered" />;
    case "read":
      return <CheckCheck className={cn("size-3.5 text-sky-500", className)} aria-label={t("read")} data-status="read" />;
    case "failed":
      return <AlertCircle className={cn("size-3.5 text-red-600", className)} aria-label={t("failed")} data-status="failed" />;
  }
}
