"use client";

import { ChevronsUpDown } from "lucide-react";
import { useTranslations } from "next-intl";
import { switchWorkspace } from "@/app/actions/workspaces";
import { useAction } from "@/components/ui/use-action";
import type { MemberRole } from "@/lib/roles";

/** A workspace the signed-in user belongs to, as the shell lists it. */
export interface ShellWorkspace {
  id: string;
  name: string;
  role: MemberRole;
}

export function WorkspaceSwitcher({ current, workspaces }: { current: ShellWorkspace; workspaces: ShellWorkspace[] }) {
  // A refused switch (membership just revoked) leaves the current workspace in place.
  const { pending, run } = useAction();
  const t = useTranslations("shell.workspace");

  return (
    <div className="relative">
      <label htmlFor="workspace-switcher" className="sr-only">
        {t("label")}
      </label>
      <div className="pointer-events-none absolute inset-y-0 left-0 flex items-center pl-2.5">
        <span className="flex size-6 items-center justify-center rounded bg-slate-900 text-xs font-semibold text-white" aria-hidden>
          {current.name.slice(0, 1).toUpperCase()}
        </span>
      </div>
      <select
        id="workspace-switcher"
        data-testid="workspace-name"
        value={current.id}
        disabled={pending}
        onChange={(event) => {
          const workspaceId = event.target.value;
          run(() => switchWorkspace({ workspaceId }));
        }}
        className="w-full appearance-none truncate rounded-md border-0 bg-slate-50 py-2 pr-8 pl-10 text-sm font-medium ring-1 ring-slate-200 hover:bg-slate-100 focus:ring-2 focus:ring-brand-600"
      >
        {workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {t("option", { name: w.name, role: w.role })}
          </option>
        ))}
      </select>
      <ChevronsUpDown className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-slate-400" aria-hidden />
    </div>
  );
}
