import { ChevronLeft, ChevronRight, ScrollText } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CardTable } from "@/components/ui/card-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Select } from "@/components/ui/field";
import { AUDIT_ACTIONS, auditActionLabel, describeAuditDetails } from "@/lib/audit-actions";
import { isAdminRole } from "@/lib/roles";
import { listAuditEntries } from "@/server/audit/queries";
import { asUser } from "@/server/db/client";
import { requireWorkspaceContext } from "@/server/workspaces/context";
import { listMembers } from "@/server/workspaces/queries";

export const metadata: Metadata = { title: "Audit log" };

const cursor = z
  .string()
  .regex(/^\d{1,18}$/)
  .optional()
  .catch(undefined);
const searchParams = z.object({
  action: z
    .string()
    .refine((a) => Object.hasOwn(AUDIT_ACTIONS, a))
    .optional()
    .catch(undefined),
  actor: z.uuid().optional().catch(undefined),
  before: cursor,
  after: cursor,
});

const SUBJECTS: Record<string, string> = {
  workspace: "Workspace",
  invitation: "Invitations",
  member: "Members",
  ai: "AI assistant",
  api_key: "API keys",
  channel: "WhatsApp numbers",
  contact: "Contacts",
  data: "Data",
};

export default async function AuditLogPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { claims, workspace } = await requireWorkspaceContext();
  if (!isAdminRole(workspace.role)) {
    return (
      <Card title="Audit log">
        <EmptyState icon={ScrollText} title="Only owners and admins can read the audit log" />
      </Card>
    );
  }
  const filter = searchParams.parse(await props.searchParams);
  const [page, members] = await asUser(claims, async (tx) => [
    await listAuditEntries(tx, workspace.id, { action: filter.action, actorId: filter.actor, before: filter.before, after: filter.after }),
    await listMembers(tx, workspace.id),
  ]);
  const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: workspace.time_zone });
  const link = (cursorParam: { before?: string; after?: string }) => {
    const query = new URLSearchParams();
    if (filter.action) query.set("action", filter.action);
    if (filter.actor) query.set("actor", filter.actor);
    for (const [key, value] of Object.entries(cursorParam)) if (value) query.set(key, value);
    return `/settings/audit?${query}`;
  };
  const filtered = Boolean(filter.action || filter.actor);

  return (
    <Card title="Audit log" description={`Who changed what in this workspace. Times in ${workspace.time_zone.replaceAll("_", " ")}.`}>
      <form
        method="get"
        className="mb-4 grid gap-3 sm:grid-cols-[16rem_16rem_auto_auto] sm:items-end sm:justify-start"
        aria-label="Filter the audit log"
      >
        <Field label="Action" htmlFor="audit-action">
          <Select id="audit-action" name="action" defaultValue={filter.action ?? ""}>
            <option value="">All actions</option>
            {Object.entries(SUBJECTS).map(([subject, label]) => (
              <optgroup key={subject} label={label}>
                {Object.entries(AUDIT_ACTIONS)
                  .filter(([action]) => action.startsWith(`${subject}.`))
                  .map(([action, actionLabel]) => (
                    <option key={action} value={action}>
                      {actionLabel}
                    </option>
                  ))}
              </optgroup>
            ))}
          </Select>
        </Field>
        <Field label="Who" htmlFor="audit-actor">
          <Select id="audit-actor" name="actor" defaultValue={filter.actor ?? ""}>
            <option value="">Anyone</option>
            {members.map((m) => (
              <option key={m.user_id} value={m.user_id}>
                {m.full_name} ({m.email})
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {filtered && (
          <Link href="/settings/audit" className="py-2 text-sm font-medium text-slate-500 hover:text-slate-800">
            Clear
          </Link>
        )}
      </form>

      {page.entries.length === 0 ? (
        <EmptyState icon={ScrollText} title={filtered ? "No entries match these filters" : "Nothing recorded yet"}>
          {filtered ? "Try another action or person." : "Invitations, role changes and settings changes will appear here."}
        </EmptyState>
      ) : (
        <CardTable className="min-w-[40rem]" columns={[{ label: "When" }, { label: "Who" }, { label: "What" }, { label: "Details" }]}>
          {page.entries.map((entry) => (
            <tr key={entry.id} data-testid="audit-row" className="align-top">
              <td className="px-5 py-2.5 whitespace-nowrap text-slate-500">
                <time dateTime={entry.created_at.toISOString()}>{when.format(entry.created_at)}</time>
              </td>
              <td className="px-3 py-2.5 text-slate-700">{entry.actor_email ?? "System"}</td>
              <td className="px-3 py-2.5">
                <p className="font-medium text-slate-900">{auditActionLabel(entry.action)}</p>
                {entry.target_label && <p className="text-slate-500">{entry.target_label}</p>}
              </td>
              <td className="px-5 py-2.5 text-slate-600">{describeAuditDetails(entry.action, entry.details)}</td>
            </tr>
          ))}
        </CardTable>
      )}

      {(page.newer || page.older) && (
        <nav aria-label="Audit log pages" className="mt-4 flex justify-between">
          {page.newer ? (
            <Link
              href={link({ after: page.newer })}
              className="inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline"
            >
              <ChevronLeft className="size-4" aria-hidden /> Newer
            </Link>
          ) : (
            <span />
          )}
          {page.older && (
            <Link
              href={link({ before: page.older })}
              className="inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline"
            >
              Older <ChevronRight className="size-4" aria-hidden />
            </Link>
          )}
        </nav>
      )}
    </Card>
  );
}
