import { SearchX } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/**
 * A conversation, contact, import or webhook that does not exist (or is not
 * this workspace's), inside the shell so the menu is still there. Answered
 * with a real 404: no loading boundary sits above the record pages (see
 * docs/architecture.md, "Not found"), so notFound() runs before streaming starts.
 */
export default function NotFound() {
  const t = useTranslations("shell.notFound");
  return (
    <div className="flex h-full items-center justify-center">
      <EmptyState icon={SearchX} title={t("title")}>
        <p>{t("body")}</p>
        <Link href="/inbox" className={`${buttonClass()} mt-4`}>
          {t("back")}
        </Link>
      </EmptyState>
    </div>
  );
}
