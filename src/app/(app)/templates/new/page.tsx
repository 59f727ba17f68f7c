import { ArrowLeft, Lock } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { TemplateForm } from "@/components/templates/template-form";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { isAdminRole } from "@/lib/roles";
import { asUser } from "@/server/db/client";
import { templateChannels } from "@/server/whatsapp/templates/queries";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("templates.new");
  return { title: t("title") };
}

export default async function NewTemplatePage() {
  const { claims, workspace } = await requireWorkspaceContext();
  const t = await getTranslations("templates");
  const admin = isAdminRole(workspace.role);
  const channels = admin ? await asUser(claims, (tx) => templateChannels(tx, workspace.id)) : [];
  return (
    <div>
      <PageHeader
        title={t("new.title")}
        description={t("new.description")}
        actions={
          <Link href="/templates" className="inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
            <ArrowLeft className="size-4" aria-hidden /> {t("detail.allTemplates")}
          </Link>
        }
      />
      {!admin ? (
        <EmptyState icon={Lock} title={t("new.onlyAdminsTitle")}>
          {t("new.onlyAdminsBody")}
        </EmptyState>
      ) : channels.length === 0 ? (
        <EmptyState icon={Lock} title={t("list.noNumberTitle")}>
          {t("new.noNumberBody")}
        </EmptyState>
      ) : (
        <TemplateForm
          channels={channels.map((c) => ({
            id: c.id,
            label: c.display_phone_number ? `${c.display_phone_number}${c.name ? ` · ${c.name}` : ""}` : (c.name ?? t("list.number")),
          }))}
        />
      )}
    </div>
  );
}
