import Link from "next/link";

export interface ContactActionError {
  message: string;
  /** Set when the error is about another contact (a taken phone number): the user can go there. */
  contactId?: string;
}

export function ContactError({ error, onNavigate }: { error: ContactActionError | null; onNavigate?: () => void }) {
  if (!error) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
      {error.message}{" "}
      {error.contactId && (
        <Link href={`/contacts/${error.contactId}`} className="font-medium underline" onClick={onNavigate}>
          Open that contact
        </Link>
      )}
    </p>
  );
}
