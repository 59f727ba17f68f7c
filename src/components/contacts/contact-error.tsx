import Link from "next/link";

/** An action's error; `contactId` is set when it is about another contact (a taken phone number): the user can go there. */
export function ContactError({ message, contactId, onNavigate }: { message: string | null; contactId?: string; onNavigate?: () => void }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
      {message}{" "}
      {contactId && (
        <Link href={`/contacts/${contactId}`} className="font-medium underline" onClick={onNavigate}>
          Open that contact
        </Link>
      )}
    </p>
  );
}
