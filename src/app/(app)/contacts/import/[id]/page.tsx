import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { ContactImportFlow } from "@/components/contacts/contact-import-flow";
import { PageHeader } from "@/components/ui/page-header";
import { guessMapping } from "@/lib/contact-import";
import { getImport, previewRowsOf, readableImport } from "@/server/contacts/imports";
import { listFields, listStages } from "@/server/contacts/queries";
import { asUser } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { translatorFor } from "@/server/i18n/translator";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("contacts.import");
  return { title: t("title") };
}

export default async function ContactImportPage({ params }: { params: Promise<{ id: string }> }) {
  const { claims, workspace } = await requireWorkspaceContext();
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const data = await asUser(claims, async (tx) => {
    const [view, fields, stages, sample] = await Promise.all([
      getImport(tx, workspace.id, id.data),
      listFields(tx, workspace.id),
      listStages(tx, workspace.id),
      previewRowsOf(tx, workspace.id, id.data),
    ]);
    return { view, fields, stages, sample: sample[0] ?? [] };
  }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });

  const t = await getTranslations("contacts.import");
  return (
    <div>
      <PageHeader title={t("title")} description={data.view.file_name} />
      <div className="mx-auto max-w-5xl p-4 sm:p-6">
        <ContactImportFlow
          view={readableImport(data.view, await translatorFor(await getLocale()))}
          sample={data.sample}
          fields={data.fields}
          stages={data.stages.map(({ key, label }) => ({ key, label }))}
          initialMapping={data.view.mapping ?? guessMapping(data.view.headers, data.fields)}
          canStart={data.view.created_by === claims.sub}
        />
      </div>
    </div>
  );
}
