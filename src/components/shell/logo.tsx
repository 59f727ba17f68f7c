import { MessageSquareText } from "lucide-react";

/** The product's name: the same in every language. */
const PRODUCT_NAME = "Conversa";

export function Logo() {
  return (
    <span className="flex items-center gap-2 font-semibold text-slate-900">
      <span className="rounded-lg bg-brand-600 p-1.5 text-white">
        <MessageSquareText className="size-4" aria-hidden />
      </span>
      {PRODUCT_NAME}
    </span>
  );
}
