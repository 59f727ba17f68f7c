"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useRef, useState, useTransition } from "react";
import type { Result } from "@/server/errors";

type Failure = Extract<Result<never>, { ok: false }>["error"];

const NO_FIELDS: Readonly<Record<string, string>> = Object.freeze({});

/** The first control of `form` (in page order) whose name has an error, focused so the person lands on what to fix. */
function focusFirstInvalid(form: HTMLFormElement, fields: Record<string, string>) {
  for (const element of Array.from(form.elements)) {
    const name = element.getAttribute("name");
    if (name && name in fields && element instanceof HTMLElement) {
      element.focus();
      return;
    }
  }
}

/**
 * Runs a Server Action in a transition, keeps its error to show, and
 * refreshes the page's data after a success (`refresh: false` when the
 * component updates itself; `"always"` to resync a list after a refusal too).
 * `onError` hands the message to a parent instead.
 *
 * A refusal about particular inputs comes with `fieldErrors` (input name →
 * message): pass each to its `Field`/`Input` (`error=`); after a refused
 * `submit`, the first such input of the form gets the focus.
 */
export function useAction({ refresh = true, onError }: { refresh?: boolean | "always"; onError?: (message: string) => void } = {}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<Failure | null>(null);
  const submitted = useRef<HTMLFormElement | null>(null);

  // After the refusal has rendered and the form is enabled again (inputs in a disabled fieldset cannot take focus).
  useEffect(() => {
    const form = submitted.current;
    if (pending || !form || !failure?.fields) return;
    submitted.current = null;
    focusFirstInvalid(form, failure.fields);
  }, [pending, failure]);

  const run = <T>(action: () => Promise<Result<T>>, onDone?: (data: T) => void) => {
    setFailure(null);
    startTransition(async () => {
      const result = await action();
      if (result.ok) onDone?.(result.data);
      else if (onError) onError(result.error.message);
      else setFailure(result.error);
      if (refresh === "always" || (refresh && result.ok)) router.refresh();
    });
  };

  /** A form's onSubmit: runs the action with the form's fields; `onDone` gets the form too (e.g. to reset it). */
  const submit =
    <T>(action: (data: FormData) => Promise<Result<T>>, onDone?: (data: T, form: HTMLFormElement) => void) =>
    (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const form = event.currentTarget;
      submitted.current = form;
      const data = new FormData(form);
      run(
        () => action(data),
        (result) => onDone?.(result, form),
      );
    };

  return {
    pending,
    /** A sentence for the top of the form. */
    error: failure?.message ?? null,
    /** What the server attached to the error, e.g. the id of the contact a duplicate phone belongs to. */
    errorDetails: failure?.details,
    /** Messages per input name ("url", "hours.sat.close"); empty when the refusal is not about particular inputs. */
    fieldErrors: failure?.fields ?? NO_FIELDS,
    /** The technical reason, for `FormError`'s "Details" disclosure. */
    errorTechnical: failure?.technical,
    run,
    submit,
    clearError: () => setFailure(null),
  };
}

/** A text field of a submitted form ("" when absent). */
export const field = (data: FormData, name: string) => String(data.get(name) ?? "");
