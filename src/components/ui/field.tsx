import { useTranslations } from "next-intl";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { cn } from "./cn";

// Full width: size a control by its wrapper, since cn does not merge classes and w-full would beat a w-36 passed in.
const control =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-brand-600 focus:outline-none aria-invalid:ring-red-500 aria-invalid:focus:ring-red-600";

/** The id of the message under the control `id`, which the control names in `aria-describedby`. */
export const errorIdOf = (id: string) => `${id}-error`;

/** What an invalid control carries: `aria-invalid`, and its message as its description. */
function invalidProps(id: string | undefined, error: string | null | undefined, describedBy?: string) {
  if (!error) return { "aria-describedby": describedBy };
  return { "aria-invalid": true as const, "aria-describedby": cn(id && errorIdOf(id), describedBy) || undefined };
}

/** The message under an invalid control (`id` is the control's). */
export function FieldError({ id, message }: { id: string; message?: string | null }) {
  if (!message) return null;
  return (
    <p id={errorIdOf(id)} className="text-xs font-medium text-red-700">
      {message}
    </p>
  );
}

/**
 * A label, its control and a hint. With `error`, the message shows under
 * the control; give the control the same `error` so it is marked invalid
 * and described by it.
 */
export function Field({
  label,
  htmlFor,
  hint,
  error,
  children,
}: {
  label: string;
  htmlFor: string;
  hint?: ReactNode;
  error?: string | null;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={htmlFor} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      <FieldError id={htmlFor} message={error} />
      {hint && <p className="text-xs text-slate-500">{hint}</p>}
    </div>
  );
}

type WithError<T> = T & { /** The field's message from `useAction().fieldErrors`: marks the control invalid. */ error?: string | null };

export function Input({ className, error, ...rest }: WithError<InputHTMLAttributes<HTMLInputElement>>) {
  return <input className={cn(control, className)} {...rest} {...invalidProps(rest.id, error, rest["aria-describedby"])} />;
}

export function Select({ className, error, ...rest }: WithError<SelectHTMLAttributes<HTMLSelectElement>>) {
  return <select className={cn(control, "pr-8", className)} {...rest} {...invalidProps(rest.id, error, rest["aria-describedby"])} />;
}

/**
 * A refusal's sentence on top of the form; `detail` (the technical reason)
 * folded away under "Details" for whoever needs to report it.
 */
export function FormError({ message, detail }: { message?: string | null; detail?: string | null }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
      <p>{message}</p>
      {detail && <ErrorDetail detail={detail} />}
    </div>
  );
}

function ErrorDetail({ detail }: { detail: string }) {
  const t = useTranslations("common");
  return (
    <details className="mt-1 text-xs text-red-800">
      <summary className="cursor-pointer select-none">{t("details")}</summary>
      <pre className="mt-1 whitespace-pre-wrap break-words font-mono">{detail}</pre>
    </details>
  );
}

/** What an action did, announced to screen readers. */
export function FormStatus({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p role="status" className="text-sm text-slate-600">
      {message}
    </p>
  );
}
