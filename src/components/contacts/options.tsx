import { useTranslations } from "next-intl";
import type { LeadStage } from "@/lib/lead-status";

/** <option>s of the workspace's stages, in pipeline order. */
export function StageOptions({ stages }: { stages: readonly LeadStage[] }) {
  return stages.map((s) => (
    <option key={s.key} value={s.key}>
      {s.label}
    </option>
  ));
}

/** <option>s of the members, after a "Nobody" choice (value ""). */
export function MemberOptions({ members, none }: { members: { id: string; name: string }[]; none?: string }) {
  const t = useTranslations("contacts.fields");
  return (
    <>
      <option value="">{none ?? t("nobody")}</option>
      {members.map((m) => (
        <option key={m.id} value={m.id}>
          {m.name}
        </option>
      ))}
    </>
  );
}
