import type { Metadata } from "next";
import { FieldsEditor, StagesEditor } from "@/components/contacts/pipeline-settings";
import { OptOutKeywordsForm } from "@/components/outreach/opt-out-keywords-form";
import { Card } from "@/components/ui/card";
import { isAdminRole } from "@/lib/roles";
import { getOptOutKeywords } from "@/server/contacts/opt-out";
import { listFields, listStages } from "@/server/contacts/queries";
import { asUser } from "@/server/db/client";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export const metadata: Metadata = { title: "Stages and fields" };

export default async function ContactSettingsPage() {
  const { claims, workspace } = await requireWorkspaceContext();
  const [stages, fields, stopWords] = await asUser(claims, (tx) =>
    Promise.all([listStages(tx, workspace.id), listFields(tx, workspace.id), getOptOutKeywords(tx, workspace.id)]),
  );
  const canEdit = isAdminRole(workspace.role);
  const note = canEdit ? "" : " Only owners and admins can change them.";
  return (
    <div className="mx-auto max-w-3xl space-y-6 p-4 sm:p-6">
      <Card
        title="Pipeline stages"
        description={`The statuses a lead moves through, in order. New WhatsApp leads start in the first one.${note}`}
      >
        <StagesEditor stages={stages} canEdit={canEdit} />
      </Card>
      <Card title="Custom fields" description={`Extra details your team keeps on every contact.${note}`}>
        <FieldsEditor fields={fields} canEdit={canEdit} />
      </Card>
      <Card
        title="Opt-out"
        description={`A customer whose whole message is one of these words is opted out of broadcasts (the inbox still works for them).${note}`}
      >
        <OptOutKeywordsForm keywords={stopWords} canEdit={canEdit} />
      </Card>
    </div>
  );
}
