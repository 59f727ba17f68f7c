import { useTranslations } from "next-intl";
import type { SelectHTMLAttributes } from "react";
import { Select } from "@/components/ui/field";
import { MEMBER_ROLES, type MemberRole } from "@/lib/roles";

/** A role's name in the reader's language. */
export function useRoleName() {
  const t = useTranslations("settings");
  return (role: MemberRole) => t(`roles.${role}`);
}

export function RoleSelect({ canGrantOwner, ...rest }: { canGrantOwner: boolean } & SelectHTMLAttributes<HTMLSelectElement>) {
  const roleName = useRoleName();
  return (
    <Select {...rest}>
      {MEMBER_ROLES.filter((role) => canGrantOwner || role !== "owner" || rest.value === "owner").map((role) => (
        <option key={role} value={role}>
          {roleName(role)}
        </option>
      ))}
    </Select>
  );
}
