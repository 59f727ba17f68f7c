"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import type { Result } from "@/server/errors";

type Failure = Extract<Result<never>, { ok: false }>["error"];

/**
 * Runs a Server Action in a transition, keeps its error to show, and
 * refreshes the page's data after a success (`refresh: false` when the
 * component updates itself; `"always"` to resync a list after a refusal too).
 * `onError` hands the message to a parent instead.
 */
export function useAction({ refresh = true, onError }: { refresh?: boolean | "always"; onError?: (message: string) => void } = {}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<Failure | null>(null);

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
      const data = new FormData(form);
      run(
        () => action(data),
        (result) => onDone?.(result, form),
      );
    };

  return {
    pending,
    error: failure?.message ?? null,
    /** What the server attached to the error, e.g. the id of the contact a duplicate phone belongs to. */
    errorDetails: failure?.details,
    run,
    submit,
    clearError: () => setFailure(null),
  };
}

/** A text field of a submitted form ("" when absent). */
export const field = (data: FormData, name: string) => String(data.get(name) ?? "");
