import type { ReactNode } from "react";
import { Logo } from "@/components/shell/logo";
import { cn } from "@/components/ui/cn";

/** The centred card of the pages outside the app shell: sign-in, onboarding, invitations. */
export function AuthCard({ width = "sm", children }: { width?: "sm" | "lg"; children: ReactNode }) {
  return (
    <main className="flex min-h-full items-center justify-center px-4 py-12">
      <div className={cn("w-full", width === "sm" ? "max-w-sm" : "max-w-lg")}>
        <div className="mb-8 flex justify-center">
          <Logo />
        </div>
        <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">{children}</div>
      </div>
    </main>
  );
}
