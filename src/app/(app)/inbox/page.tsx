import { MessagesSquare } from "lucide-react";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("inbox.page");
  return { title: t("title") };
}

/** Beside the list on a wide screen, before a conversation is chosen (a phone shows the list instead). */
export default async function InboxPage() {
  const t = await getTranslations("inbox.page");
  return (
    <div className="hidden h-full items-center justify-center bg-slate-50 md:flex">
      <EmptyState icon={MessagesSquare} title={t("pickTitle")}>
        {t("pickBody")}
      </EmptyState>
    </div>
  );
}
