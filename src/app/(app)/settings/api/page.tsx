import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { ApiKeyList, CreateApiKeyForm } from "@/components/settings/api-keys";
import { Card } from "@/components/ui/card";
import { isAdminRole } from "@/lib/roles";
import { listApiKeys } from "@/server/api/keys";
import { asUser } from "@/server/db/client";
import { requireWorkspaceContext } from "@/server/workspaces/context";
import { listMembers } from "@/server/workspaces/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("developers.keys");
  return { title: t("title") };
}

export default async function ApiSettingsPage() {
  const { claims, workspace } = await requireWorkspaceContext();
  if (!isAdminRole(workspace.role)) redirect("/settings");
  const { keys, members } = await asUser(claims, async (tx) => ({
    keys: await listApiKeys(tx, workspace.id),
    members: await listMembers(tx, workspace.id),
  }));
  const names = new Map(members.map((m) => [m.user_id, m.full_name]));
  const [t, format] = await Promise.all([getTranslations("developers.keys"), getFormatter()]);
  const now = new Date();
  return (
    <>
      <Card
        title={t("createTitle")}
        description={t.rich("createDescription", {
          link: (chunks) => (
            <Link href="/settings/api/reference" className="text-brand-700 underline">
              {chunks}
            </Link>
          ),
        })}
      >
        <CreateApiKeyForm />
      </Card>
      <Card title={t("listTitle", { count: keys.filter((k) => !k.revoked_at).length })}>
        <ApiKeyList
          keys={keys.map((key) => ({
            id: key.id,
            name: key.name,
            prefix: key.prefix,
            scope: key.scope,
            createdBy: (key.created_by && names.get(key.created_by)) || t("formerMember"),
            created: format.relativeTime(key.created_at, now),
            lastUsed: key.last_used_at ? format.relativeTime(key.last_used_at, now) : null,
            revoked: key.revoked_at ? format.relativeTime(key.revoked_at, now) : null,
          }))}
        />
      </Card>
    </>
  );
}
