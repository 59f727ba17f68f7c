import { useTranslations } from "next-intl";
import { Button } from "./button";

/** A form's submit button, with "Saved" announced after a successful save. */
export function SaveRow({ label, pending, saved }: { label: string; pending: boolean; saved: boolean }) {
  const t = useTranslations("common");
  return (
    <div className="flex items-center gap-3">
      <Button type="submit" pending={pending}>
        {label}
      </Button>
      {saved && (
        <span role="status" className="text-sm text-brand-700">
          {t("saved")}
        </span>
      )}
    </div>
  );
}
