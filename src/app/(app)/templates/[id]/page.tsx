import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { RefreshWhilePending } from "@/components/templates/refresh-while-pending";
import { TemplatePreview } from "@/components/templates/template-preview";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge, type StatusOf } from "@/components/ui/status-badge";
import { asUser } from "@/server/db/client";
import { getTemplate } from "@/server/whatsapp/templates/queries";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("templates.detail");
  return { title: t("title") };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function TemplatePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const { claims, workspace } = await requireWorkspaceContext();
  const [t, format] = await Promise.all([getTranslations("templates.detail"), getFormatter()]);
  const template = await asUser(claims, (tx) => getTemplate(tx, workspace.id, id));
  if (!template) notFound();
  const examples = Object.fromEntries(template.parameters.flatMap((p) => (p.example ? [[p.id, p.example]] : [])));
  const buttons = template.components.find((c) => c.type.toUpperCase() === "BUTTONS")?.buttons ?? [];

  return (
    <div>
      <PageHeader
        title={template.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge kind="template" status={template.status as StatusOf<"template">} />
            {template.quality && <StatusBadge kind="templateQuality" status={template.quality as StatusOf<"templateQuality">} />}
            <span>
              {t("summary", {
                language: template.language,
                category: template.category ?? "none",
                format: template.parameterFormat === "NAMED" ? "NAMED" : "POSITIONAL",
              })}
            </span>
          </span>
        }
        actions={
          <Link href="/templates" className="inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
            <ArrowLeft className="size-4" aria-hidden /> {t("allTemplates")}
          </Link>
        }
      />
      <RefreshWhilePending pending={template.status === "PENDING"} />
      <div className="grid gap-4 p-4 sm:p-6 lg:grid-cols-2">
        <div className="space-y-4">
          {template.status === "PENDING" && (
            <p role="status" className="rounded-md bg-blue-50 px-3 py-2 text-sm text-blue-800 ring-1 ring-blue-200">
              {t("inReview")}
            </p>
          )}
          {template.rejectionReason && (
            <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
              {t("rejected", { reason: template.rejectionReason.replaceAll("_", " ").toLowerCase() })}
            </p>
          )}
          <Card title={t("parameters")} description={t("parametersDescription")}>
            {template.parameters.length === 0 ? (
              <p className="text-sm text-slate-500">{t("noVariables")}</p>
            ) : (
              <dl className="divide-y divide-slate-100 text-sm">
                {template.parameters.map((p) => (
                  <div key={p.id} className="flex flex-wrap justify-between gap-2 py-2">
                    <dt className="font-mono text-slate-700">{t("parameter", { component: p.component, placeholder: `{{${p.key}}}` })}</dt>
                    <dd className="text-slate-500">{p.example ?? t("noExample")}</dd>
                  </div>
                ))}
              </dl>
            )}
          </Card>
          {buttons.length > 0 && (
            <Card title={t("buttons")}>
              <ul className="divide-y divide-slate-100 text-sm">
                {buttons.map((b, index) => (
                  <li key={index} className="flex flex-wrap justify-between gap-2 py-2">
                    <span className="font-medium text-slate-800">{b.text}</span>
                    <span className="break-all text-slate-500">
                      {b.type === "URL" ? b.url : b.type === "PHONE_NUMBER" ? b.phone_number : t("buttonType", { type: b.type })}
                    </span>
                  </li>
                ))}
              </ul>
            </Card>
          )}
          <p className="text-xs text-slate-500">
            {template.channel ? `${t("number", { number: template.channel.displayPhoneNumber ?? template.channel.name ?? "" })} ` : ""}
            {template.syncedAt ? t("lastSynced", { when: format.relativeTime(template.syncedAt, new Date()) }) : t("notSynced")}
          </p>
        </div>
        <div>
          <h2 className="mb-2 text-sm font-medium text-slate-700">{t("preview")}</h2>
          <TemplatePreview components={template.components} values={examples} />
        </div>
      </div>
    </div>
  );
}
