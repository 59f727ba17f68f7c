import { useTranslations } from "next-intl";
import type { SelectHTMLAttributes } from "react";
import { Select } from "@/components/ui/field";
import { MEMBER_ROLES } from "@/lib/roles";

export function RoleSelect({ canGrantOwner, ...rest }: { canGrantOwner: boolean } & SelectHTMLAttributes<HTMLSelectElement>) {
  const t = useTranslations("settings.roles");
  return (
    <Select {...rest}>
      {MEMBER_ROLES.filter((role) => canGrantOwner || role !== "owner" || rest.value === "owner").map((role) => (
        <option key={role} value={role}>
          {t(role)}
        </option>
      ))}
    </Select>
  );
}
