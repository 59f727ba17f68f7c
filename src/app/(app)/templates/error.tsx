"use client";

import { AlertTriangle } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** The templates could not be read (database unreachable, a bug): say so, and offer to try again. */
export default function TemplatesError({ reset }: { error: Error; reset: () => void }) {
  return (
    <EmptyState icon={AlertTriangle} title="The templates could not be loaded">
      <p>Something went wrong on our side. Your templates are safe at the provider.</p>
      <Button className="mt-3" variant="secondary" onClick={reset}>
        Try again
      </Button>
    </EmptyState>
  );
}
