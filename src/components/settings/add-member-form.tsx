"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { addMember } from "@/app/actions/members";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import type { MemberRole } from "@/lib/roles";
import { RoleSelect } from "./role-select";

export function AddMemberForm({ canGrantOwner }: { canGrantOwner: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<{ email: string; temporaryPassword: string | null } | null>(null);
  const [role, setRole] = useState<MemberRole>("agent");

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const email = String(new FormData(form).get("email") ?? "");
        setError(null);
        setAdded(null);
        startTransition(async () => {
          const result = await addMember({ email, role });
          if (!result.ok) return setError(result.error.message);
          setAdded(result.data);
          form.reset();
          router.refresh();
        });
      }}
    >
      <div className="grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
        <Field label="Email" htmlFor="member-email">
          <Input id="member-email" name="email" type="email" required placeholder="colleague@company.com" />
        </Field>
        <Field label="Role" htmlFor="member-role">
          <RoleSelect id="member-role" value={role} onChange={(e) => setRole(e.target.value as MemberRole)} canGrantOwner={canGrantOwner} />
        </Field>
        <Button type="submit" pending={pending}>
          Add member
        </Button>
      </div>
      <FormError message={error} />
      {added && (
        <div role="status" className="rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-700 ring-1 ring-brand-100">
          {added.temporaryPassword ? (
            <>
              Created an account for <strong>{added.email}</strong>. Share this one-time password with them:{" "}
              <code className="rounded bg-white px-1.5 py-0.5 font-mono text-slate-900">{added.temporaryPassword}</code>
            </>
          ) : (
            <>
              <strong>{added.email}</strong> was added to the workspace.
            </>
          )}
        </div>
      )}
    </form>
  );
}
