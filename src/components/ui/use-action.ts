"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { Result } from "@/server/errors";

/** Runs a Server Action in a transition, keeps its error to show, and refreshes the page's data after a success. */
export function useAction() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = <T>(action: () => Promise<Result<T>>, onDone?: (data: T) => void) => {
    setError(null);
    startTransition(async () => {
      const result = await action();
      if (!result.ok) return setError(result.error.message);
      onDone?.(result.data);
      router.refresh();
    });
  };
  return { pending, error, run, clearError: () => setError(null) };
}
