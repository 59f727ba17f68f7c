import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ContactConversation } from "@/server/contacts/queries";

/** A contact's conversations, one per WhatsApp number of ours they wrote to, each linking to its thread; `currentId` is the one open beside it. */
export function ContactConversations({ conversations, currentId }: { conversations: ContactConversation[]; currentId?: string }) {
  const t = useTranslations("contacts.conversations");
  return (
    <ul aria-label={t("label")} className="divide-y divide-slate-100">
      {conversations.map((c) => (
        <li key={c.id} className="flex items-center justify-between gap-3 py-2 text-sm">
          <span className="min-w-0 truncate">
            <span className="font-medium text-slate-800">{c.channel_name ?? "WhatsApp"}</span>{" "}
            {c.status !== "open" && <span className="text-xs text-slate-500">{t("status", { status: c.status })} </span>}
            <span className="text-slate-500">{c.last_message_preview}</span>
          </span>
          {c.id === currentId ? (
            <span className="shrink-0 text-xs text-slate-500">{t("openHere")}</span>
          ) : (
            <Link href={`/inbox/${c.id}`} className="shrink-0 text-xs font-medium text-brand-700 hover:underline">
              {t.rich("open", {
                channel: c.channel_name ?? "WhatsApp",
                hidden: (chunks) => <span className="sr-only">{chunks}</span>,
              })}
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}
