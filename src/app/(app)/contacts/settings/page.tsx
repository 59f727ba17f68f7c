import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { FieldsEditor, StagesEditor } from "@/components/contacts/pipeline-settings";
import { OptOutKeywordsForm } from "@/components/outreach/opt-out-keywords-form";
import { Card } from "@/components/ui/card";
import { isAdminRole } from "@/lib/roles";
import { getOptOutKeywords } from "@/server/contacts/opt-out";
import { listFields, listStages } from "@/server/contacts/queries";
import { asUser } from "@/server/db/client";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("contacts.settings");
  return { title: t("title") };
}

export default async function ContactSettingsPage() {
  const { claims, workspace } = await requireWorkspaceContext();
  const [stages, fields, stopWords] = await asUser(claims, (tx) =>
    Promise.all([listStages(tx, workspace.id), listFields(tx, workspace.id), getOptOutKeywords(tx, workspace.id)]),
  );
  const canEdit = isAdminRole(workspace.role);
  const t = await getTranslations("contacts.settings");
  // Members who cannot edit read why the controls are off.
  const described = (text: string) => (canEdit ? text : t("readOnly", { text }));
  return (
    <div className="mx-auto max-w-3xl space-y-6 p-4 sm:p-6">
      <Card title={t("stages.title")} description={described(t("stages.description"))}>
        <StagesEditor stages={stages} canEdit={canEdit} />
      </Card>
      <Card title={t("fields.title")} description={described(t("fields.description"))}>
        <FieldsEditor fields={fields} canEdit={canEdit} />
      </Card>
      <Card title={t("optOut.title")} description={described(t("optOut.description"))}>
        <OptOutKeywordsForm keywords={stopWords} canEdit={canEdit} />
      </Card>
    </div>
  );
}
