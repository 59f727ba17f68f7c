import Link from "next/link";
import { useTranslations } from "next-intl";
import { FormError } from "@/components/ui/field";

/** An action's error; `contactId` is set when it is about another contact (a taken phone number): the user can go there. */
export function ContactError({
  message,
  detail,
  contactId,
  onNavigate,
}: {
  message: string | null;
  detail?: string;
  contactId?: string;
  onNavigate?: () => void;
}) {
  const t = useTranslations("contacts");
  if (!message) return null;
  if (!contactId) return <FormError message={message} detail={detail} />;
  return (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
      {message}{" "}
      <Link href={`/contacts/${contactId}`} className="font-medium underline" onClick={onNavigate}>
        {t("openThatContact")}
      </Link>
    </p>
  );
}
