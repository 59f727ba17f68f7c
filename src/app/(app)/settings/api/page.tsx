import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ApiKeyList, CreateApiKeyForm } from "@/components/settings/api-keys";
import { Card } from "@/components/ui/card";
import { formatRelativeTime } from "@/lib/format";
import { isAdminRole } from "@/lib/roles";
import { listApiKeys } from "@/server/api/keys";
import { asUser } from "@/server/db/client";
import { requireWorkspaceContext } from "@/server/workspaces/context";
import { listMembers } from "@/server/workspaces/queries";

export const metadata: Metadata = { title: "API" };

export default async function ApiSettingsPage() {
  const { claims, workspace } = await requireWorkspaceContext();
  if (!isAdminRole(workspace.role)) redirect("/settings");
  const { keys, members } = await asUser(claims, async (tx) => ({
    keys: await listApiKeys(tx, workspace.id),
    members: await listMembers(tx, workspace.id),
  }));
  const names = new Map(members.map((m) => [m.user_id, m.full_name]));
  const now = new Date();
  return (
    <>
      <Card
        title="Create an API key"
        description={
          <>
            Your shop, forms and automations (n8n, Make, Zapier) use a key to read contacts and conversations and to send messages as this
            workspace. See the{" "}
            <Link href="/settings/api/reference" className="text-brand-700 underline">
              API reference
            </Link>
            .
          </>
        }
      >
        <CreateApiKeyForm />
      </Card>
      <Card title={`API keys (${keys.filter((k) => !k.revoked_at).length} active)`}>
        <ApiKeyList
          keys={keys.map((key) => ({
            id: key.id,
            name: key.name,
            prefix: key.prefix,
            scope: key.scope,
            createdBy: (key.created_by && names.get(key.created_by)) || "a former member",
            created: formatRelativeTime(key.created_at, now),
            lastUsed: key.last_used_at ? formatRelativeTime(key.last_used_at, now) : "never",
            revoked: key.revoked_at ? formatRelativeTime(key.revoked_at, now) : null,
          }))}
        />
      </Card>
    </>
  );
}
