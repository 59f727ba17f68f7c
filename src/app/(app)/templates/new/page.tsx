import { ArrowLeft, Lock } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { TemplateForm } from "@/components/templates/template-form";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { isAdminRole } from "@/lib/roles";
import { asUser } from "@/server/db/client";
import { templateChannels } from "@/server/whatsapp/templates/queries";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export const metadata: Metadata = { title: "New template" };

export default async function NewTemplatePage() {
  const { claims, workspace } = await requireWorkspaceContext();
  const admin = isAdminRole(workspace.role);
  const channels = admin ? await asUser(claims, (tx) => templateChannels(tx, workspace.id)) : [];
  return (
    <div>
      <PageHeader
        title="New template"
        description="Submitted to WhatsApp for review; you can send it once it is approved."
        actions={
          <Link href="/templates" className="inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
            <ArrowLeft className="size-4" aria-hidden /> All templates
          </Link>
        }
      />
      {!admin ? (
        <EmptyState icon={Lock} title="Only admins create templates">
          Ask an admin of this workspace; you can see every template and its review status.
        </EmptyState>
      ) : channels.length === 0 ? (
        <EmptyState icon={Lock} title="No WhatsApp number yet">
          Connect a number in Settings → WhatsApp first.
        </EmptyState>
      ) : (
        <TemplateForm
          channels={channels.map((c) => ({
            id: c.id,
            label: c.display_phone_number ? `${c.display_phone_number}${c.name ? ` · ${c.name}` : ""}` : (c.name ?? "Number"),
          }))}
        />
      )}
    </div>
  );
}
