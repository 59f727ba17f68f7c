import type { ReactNode } from "react";

/** A secret the server returns once (an API key, a signing secret), with what it is for. */
export function ShownOnce({ value, testId, children }: { value: string; testId: string; children: ReactNode }) {
  return (
    <div role="status" className="space-y-2 rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-700 ring-1 ring-brand-100">
      <p>{children}</p>
      <code data-testid={testId} className="block break-all rounded bg-white px-2 py-1 font-mono text-slate-900">
        {value}
      </code>
    </div>
  );
}
