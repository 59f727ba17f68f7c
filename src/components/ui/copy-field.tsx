"use client";

import { Check, Copy } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, useSyncExternalStore } from "react";
import { cn } from "./cn";

const subscribe = () => () => {};

/** The page's origin once hydrated ("" on the server), so a path can be shown as the full link. */
export function useOrigin() {
  return useSyncExternalStore(
    subscribe,
    () => window.location.origin,
    () => "",
  );
}

/** A read-only link with a copy button; a `path` is made absolute with the origin the user is on, a full URL is kept. */
export function CopyLink({ path, label, className }: { path: string; label: string; className?: string }) {
  const t = useTranslations("common");
  const origin = useOrigin();
  const [copied, setCopied] = useState(false);
  const url = /^https?:\/\//.test(path) ? path : `${origin}${path}`;
  return (
    <div className={cn("flex min-w-0 items-stretch rounded-md shadow-xs ring-1 ring-slate-300", className)}>
      <input
        readOnly
        aria-label={label}
        value={url}
        onFocus={(event) => event.currentTarget.select()}
        className="min-w-0 flex-1 rounded-l-md border-0 bg-slate-50 px-3 py-1.5 font-mono text-xs text-slate-700 focus:ring-2 focus:ring-brand-600 focus:outline-none"
      />
      <button
        type="button"
        onClick={async () => {
          await navigator.clipboard?.writeText(url).catch(() => undefined);
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        }}
        className="inline-flex shrink-0 items-center gap-1.5 rounded-r-md border-l border-slate-300 bg-white px-3 text-xs font-medium text-slate-700 hover:bg-slate-50"
      >
        {copied ? <Check className="size-3.5 text-brand-600" aria-hidden /> : <Copy className="size-3.5" aria-hidden />}
        <span aria-live="polite">{copied ? t("copied") : t("copy")}</span>
      </button>
    </div>
  );
}
