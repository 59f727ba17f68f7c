import type { SelectHTMLAttributes } from "react";
import { Select } from "@/components/ui/field";
import { MEMBER_ROLES, ROLE_LABELS } from "@/lib/roles";

export function RoleSelect({ canGrantOwner, ...rest }: { canGrantOwner: boolean } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Select {...rest}>
      {MEMBER_ROLES.filter((role) => canGrantOwner || role !== "owner" || rest.value === "owner").map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </Select>
  );
}
