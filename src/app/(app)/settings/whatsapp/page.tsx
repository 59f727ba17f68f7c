import { MessageCircle } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import {
  Dialog360ConnectForm,
  KapsoConnectButtons,
  KapsoExistingConnectForm,
  MetaConnectForm,
} from "@/components/settings/whatsapp-connect";
import { type NumberItem, NumberList } from "@/components/settings/whatsapp-numbers";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatPhone, formatRelativeTime } from "@/lib/format";
import { canonicalizePhone } from "@/lib/phone";
import { isAdminRole } from "@/lib/roles";
import { connectProblem } from "@/lib/whatsapp-connect";
import { asUser } from "@/server/db/client";
import { openKapsoSetup } from "@/server/whatsapp/channels/kapso-setup-info";
import { listChannels } from "@/server/whatsapp/channels/queries";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export const metadata: Metadata = { title: "WhatsApp numbers" };

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
  const problem = connectProblem(query.error);
  const now = new Date();
  const numbers: NumberItem[] = channels.map((c) => {
    const e164 = c.display_phone_number ? canonicalizePhone(c.display_phone_number) : null;
    return {
      id: c.id,
      title: e164 ? formatPhone(e164) : (c.display_phone_number ?? `Number ${c.phone_number_id}`),
      subtitle: c.name,
      provider: c.provider,
      status: c.status,
      connectionType: c.connection_type,
      connected: c.connected_at ? formatRelativeTime(c.connected_at, now) : null,
      disconnected: c.disconnected_at ? formatRelativeTime(c.disconnected_at, now) : null,
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
          Your WhatsApp number is connected. New messages to it arrive in the inbox.
        </p>
      )}
      {problem && (
        <div role="alert" className="space-y-3 rounded-md bg-red-50 px-4 py-3 text-sm text-red-700 ring-1 ring-red-200">
          <p>
            <strong className="font-semibold">The number was not connected.</strong> {problem}
          </p>
          <KapsoConnectButtons retry />
        </div>
      )}
      <Card
        title="Connect a number"
        description="Customers write to your WhatsApp Business number; their messages land in the shared inbox."
      >
        <div className="space-y-5">
          <div className="space-y-2">
            <p className="text-sm text-slate-600">
              The quickest way: sign in with Facebook on Kapso&apos;s secure page and pick your number, or let Kapso give you a new one.
              Numbers already on the WhatsApp Business app can keep using it (coexistence).
            </p>
            <KapsoConnectButtons />
            {setup && (
              <p className="text-xs text-slate-500" data-testid="kapso-setup-link">
                Your setup link is valid until{" "}
                {setup.expires_at ? (
                  <time dateTime={setup.expires_at.toISOString()}>
                    {setup.expires_at.toISOString().slice(0, 16).replace("T", " ")} UTC ({formatRelativeTime(setup.expires_at, now)})
                  </time>
                ) : (
                  "Kapso revokes it"
                )}{" "}
                · Kapso customer <code className="font-mono">{setup.kapso_customer_id}</code> ·{" "}
                <a className="font-medium text-brand-700 underline" href={setup.url}>
                  Continue on Kapso
                </a>
              </p>
            )}
          </div>
          <div className="space-y-2">
            <Disclosure
              title="Connect an existing Kapso number"
              description="Already on Kapso? Use the number's phone number ID, its webhook secret and, optionally, your Kapso API key."
            >
              <KapsoExistingConnectForm />
            </Disclosure>
            <Disclosure title="Connect a 360dialog number" description="Already with 360dialog? Use the number's API key.">
              <Dialog360ConnectForm />
            </Disclosure>
            <Disclosure
              title="Connect with your own Meta app"
              description="Meta Cloud API directly: phone number ID, WABA ID, token and app secret."
            >
              <MetaConnectForm />
            </Disclosure>
          </div>
        </div>
      </Card>
      <Card title={`Your numbers (${live} connected)`}>
        {numbers.length === 0 ? (
          <EmptyState icon={MessageCircle} title="No WhatsApp number yet">
            Connect one above to start receiving messages.
          </EmptyState>
        ) : (
          <NumberList numbers={numbers} />
        )}
      </Card>
    </>
  );
}
