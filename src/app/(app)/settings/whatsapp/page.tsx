import { MessageCircle } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import {
  Dialog360ConnectForm,
  KapsoConnectButtons,
  KapsoExistingConnectForm,
  MetaConnectForm,
} from "@/components/settings/whatsapp-connect";
import { type NumberItem, NumberList } from "@/components/settings/whatsapp-numbers";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatPhone } from "@/lib/format";
import { canonicalizePhone } from "@/lib/phone";
import { isAdminRole } from "@/lib/roles";
import { connectProblemCode } from "@/lib/whatsapp-connect";
import { asUser } from "@/server/db/client";
import { openKapsoSetup } from "@/server/whatsapp/channels/kapso-setup-info";
import { listChannels } from "@/server/whatsapp/channels/queries";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.whatsapp");
  return { title: t("metaTitle") };
}

function Disclosure({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <details className="group rounded-lg ring-1 ring-slate-200 open:ring-brand-200">
      <summary className="cursor-pointer list-none px-4 py-3 marker:hidden">
        <span className="text-sm font-medium text-slate-900">{title}</span>
        <span className="block text-xs text-slate-500">{description}</span>
      </summary>
      <div className="border-t border-slate-100 p-4">{children}</div>
    </details>
  );
}

export default async function WhatsAppNumbersPage({ searchParams }: { searchParams: Promise<{ connected?: string; error?: string }> }) {
  const { claims, workspace } = await requireWorkspaceContext();
  if (!isAdminRole(workspace.role)) redirect("/settings");
  const [[channels, setup], query] = await Promise.all([
    asUser(claims, (tx) => Promise.all([listChannels(tx, workspace.id), openKapsoSetup(tx, workspace.id)])),
    searchParams,
  ]);
  const [t, format] = await Promise.all([getTranslations("settings.whatsapp"), getFormatter()]);
  // The catalogue explains each code the connect flow may send back (an unknown one reads as the generic failure).
  const problem = query.error ? t(`problems.${connectProblemCode(query.error)}`) : null;
  const now = new Date();
  const numbers: NumberItem[] = channels.map((c) => {
    const e164 = c.display_phone_number ? canonicalizePhone(c.display_phone_number) : null;
    return {
      id: c.id,
      title: e164 ? formatPhone(e164) : (c.display_phone_number ?? t("numberFallback", { id: c.phone_number_id })),
      subtitle: c.name,
      provider: c.provider,
      status: c.status,
      connectionType: c.connection_type,
      connected: c.connected_at ? format.relativeTime(c.connected_at, now) : null,
      disconnected: c.disconnected_at ? format.relativeTime(c.disconnected_at, now) : null,
      keyLast4: c.credentials_last4,
      webhookUrl: c.webhook_url,
      webhookRegistered: c.webhook_registered,
      verifyToken: c.verify_token,
    };
  });
  const live = numbers.filter((n) => n.status !== "disconnected").length;

  return (
    <>
      {query.connected === "1" && !problem && (
        <p role="status" className="rounded-md bg-brand-50 px-4 py-3 text-sm text-brand-700 ring-1 ring-brand-100">
          {t("connectedNotice")}
        </p>
      )}
      {problem && (
        <div role="alert" className="space-y-3 rounded-md bg-red-50 px-4 py-3 text-sm text-red-700 ring-1 ring-red-200">
          <p>{t.rich("notConnected", { reason: problem, strong: (chunks) => <strong className="font-semibold">{chunks}</strong> })}</p>
          <KapsoConnectButtons retry />
        </div>
      )}
      <Card title={t("connectTitle")} description={t("connectDescription")}>
        <div className="space-y-5">
          <div className="space-y-2">
            <p className="text-sm text-slate-600">{t("quickest")}</p>
            <KapsoConnectButtons />
            {setup && (
              <p className="text-xs text-slate-500" data-testid="kapso-setup-link">
                {t.rich(setup.expires_at ? "setupValidUntil" : "setupValidUntilRevoked", {
                  date: setup.expires_at ? format.dateTime(setup.expires_at, { dateStyle: "medium", timeStyle: "short" }) : "",
                  when: setup.expires_at ? format.relativeTime(setup.expires_at, now) : "",
                  customer: setup.kapso_customer_id,
                  time: (chunks) => <time dateTime={setup.expires_at?.toISOString()}>{chunks}</time>,
                  code: (chunks) => <code className="font-mono">{chunks}</code>,
                  link: (chunks) => (
                    <a className="font-medium text-brand-700 underline" href={setup.url}>
                      {chunks}
                    </a>
                  ),
                })}
              </p>
            )}
          </div>
          <div className="space-y-2">
            <Disclosure title={t("existingKapsoTitle")} description={t("existingKapsoDescription")}>
              <KapsoExistingConnectForm />
            </Disclosure>
            <Disclosure title={t("dialog360Title")} description={t("dialog360Description")}>
              <Dialog360ConnectForm />
            </Disclosure>
            <Disclosure title={t("metaAppTitle")} description={t("metaAppDescription")}>
              <MetaConnectForm />
            </Disclosure>
          </div>
        </div>
      </Card>
      <Card title={t("numbersTitle", { count: live })}>
        {numbers.length === 0 ? (
          <EmptyState icon={MessageCircle} title={t("emptyTitle")}>
            {t("emptyBody")}
          </EmptyState>
        ) : (
          <NumberList numbers={numbers} />
        )}
      </Card>
    </>
  );
}
