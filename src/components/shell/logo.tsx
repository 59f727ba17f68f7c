import { MessageSquareText } from "lucide-react";

export function Logo() {
  return (
    <span className="flex items-center gap-2 font-semibold text-slate-900">
      <span className="rounded-lg bg-brand-600 p-1.5 text-white">
        <MessageSquareText className="size-4" aria-hidden />
      </span>
      Conversa
    </span>
  );
}
