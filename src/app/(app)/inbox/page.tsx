import { MessagesSquare } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Inbox" };

/** Beside the list on a wide screen, before a conversation is chosen (a phone shows the list instead). */
export default function InboxPage() {
  return (
    <div className="hidden h-full items-center justify-center bg-slate-50 md:flex">
      <EmptyState icon={MessagesSquare} title="Pick a conversation">
        Choose a conversation on the left to read it and reply. New messages appear on their own.
      </EmptyState>
    </div>
  );
}
