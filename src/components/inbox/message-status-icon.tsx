import { AlertCircle, Check, CheckCheck, Clock } from "lucide-react";
import { cn } from "@/components/ui/cn";
import type { MessageStatus } from "@/server/inbox/queries";

/** Where one of our messages is: a clock while sending, ✓ sent, ✓✓ delivered, blue ✓✓ read, a red mark when it failed. */
export function MessageStatusIcon({ status, className }: { status: MessageStatus; className?: string }) {
  switch (status) {
    case "pending":
      return <Clock className={cn("size-3.5", className)} aria-label="Sending" data-status="pending" />;
    case "sent":
      return <Check className={cn("size-3.5", className)} aria-label="Sent" data-status="sent" />;
    case "delivered":
      return <CheckCheck className={cn("size-3.5", className)} aria-label="Delivered" data-status="delivered" />;
    case "read":
      return <CheckCheck className={cn("size-3.5 text-sky-500", className)} aria-label="Read" data-status="read" />;
    case "failed":
      return <AlertCircle className={cn("size-3.5 text-red-600", className)} aria-label="Failed" data-status="failed" />;
  }
}
