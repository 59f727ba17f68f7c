"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** While a template is in review, the page reads it again now and then: the webhook (or a sync) changes it on the server. */
export function RefreshWhilePending({ pending, seconds = 10 }: { pending: boolean; seconds?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(timer);
  }, [pending, seconds, router]);
  return null;
}
