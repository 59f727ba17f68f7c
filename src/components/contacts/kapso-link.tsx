import { ExternalLink } from "lucide-react";
import { useTranslations } from "next-intl";

/** The conversation in Kapso's inbox, for contacts who wrote to a number on Kapso; opens beside the app. */
export function KapsoLink({ href, className }: { href: string | null; className?: string }) {
  const t = useTranslations("contacts");
  if (!href) return null;
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className={`inline-flex items-center gap-1 text-xs font-medium text-brand-700 hover:underline ${className ?? ""}`}
    >
      {t("openInKapso")} <ExternalLink className="size-3" aria-hidden />
    </a>
  );
}
