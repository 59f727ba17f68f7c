import { ChevronLeft, ChevronRight, ScrollText } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CardTable } from "@/components/ui/card-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Select } from "@/components/ui/field";
import { AUDIT_ACTIONS, type AuditAction, describeAuditDetails, isAuditAction } from "@/lib/audit-actions";
import { isAdminRole } from "@/lib/roles";
import { listAuditEntries } from "@/server/audit/queries";
import { asUser } from "@/server/db/client";
import { requireWorkspaceContext } from "@/server/workspaces/context";
import { listMembers } from "@/server/workspaces/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("audit");
  return { title: t("title") };
}

const cursor = z
  .string()
  .regex(/^\d{1,18}$/)
  .optional()
  .catch(undefined);
const searchParams = z.object({
  action: z.string().refine(isAuditAction).optional().catch(undefined),
  actor: z.uuid().optional().catch(undefined),
  before: cursor,
  after: cursor,
});

/** The subjects the action filter groups by, in this order (each one's name is `subjects.<subject>` in the catalogue). */
const SUBJECTS = ["workspace", "invitation", "member", "ai", "api_key", "channel", "contact", "data"] as const;

/** "member.role_changed" → "actions.member.role_changed": one catalogue group per subject. */
const actionKey = (action: AuditAction) => {
  const [subject, verb] = action.split(".");
  return `actions.${subject}.${verb}` as `actions.${AuditAction}`;
};

export default async function AuditLogPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { claims, workspace } = await requireWorkspaceContext();
  const [t, format] = await Promise.all([getTranslations("audit"), getFormatter()]);
  if (!isAdminRole(workspace.role)) {
    return (
      <Card title={t("title")}>
        <EmptyState icon={ScrollText} title={t("onlyAdmins")} />
      </Card>
    );
  }
  const filter = searchParams.parse(await props.searchParams);
  const [page, members] = await asUser(claims, async (tx) => [
    await listAuditEntries(tx, workspace.id, { action: filter.action, actorId: filter.actor, before: filter.before, after: filter.after }),
    await listMembers(tx, workspace.id),
  ]);
  const link = (cursorParam: { before?: string; after?: string }) => {
    const query = new URLSearchParams();
    if (filter.action) query.set("action", filter.action);
    if (filter.actor) query.set("actor", filter.actor);
    for (const [key, value] of Object.entries(cursorParam)) if (value) query.set(key, value);
    return `/settings/audit?${query}`;
  };
  const filtered = Boolean(filter.action || filter.actor);

  return (
    <Card title={t("title")} description={t("description", { timeZone: workspace.time_zone.replaceAll("_", " ") })}>
      <form
        method="get"
        className="mb-4 grid gap-3 sm:grid-cols-[16rem_16rem_auto_auto] sm:items-end sm:justify-start"
        aria-label={t("filterLabel")}
      >
        <Field label={t("action")} htmlFor="audit-action">
          <Select id="audit-action" name="action" defaultValue={filter.action ?? ""}>
            <option value="">{t("allActions")}</option>
            {SUBJECTS.map((subject) => (
              <optgroup key={subject} label={t(`subjects.${subject}`)}>
                {AUDIT_ACTIONS.filter((action) => action.startsWith(`${subject}.`)).map((action) => (
                  <option key={action} value={action}>
                    {t(actionKey(action))}
                  </option>
                ))}
              </optgroup>
            ))}
          </Select>
        </Field>
        <Field label={t("who")} htmlFor="audit-actor">
          <Select id="audit-actor" name="actor" defaultValue={filter.actor ?? ""}>
            <option value="">{t("anyone")}</option>
            {members.map((m) => (
              <option key={m.user_id} value={m.user_id}>
                {m.full_name} ({m.email})
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" variant="secondary">
          {t("filter")}
        </Button>
        {filtered && (
          <Link href="/settings/audit" className="py-2 text-sm font-medium text-slate-500 hover:text-slate-800">
            {t("clear")}
          </Link>
        )}
      </form>

      {page.entries.length === 0 ? (
        <EmptyState icon={ScrollText} title={filtered ? t("noMatch") : t("nothingYet")}>
          {filtered ? t("noMatchHint") : t("nothingYetHint")}
        </EmptyState>
      ) : (
        <CardTable
          className="min-w-[40rem]"
          columns={[{ label: t("when") }, { label: t("who") }, { label: t("what") }, { label: t("details") }]}
        >
          {page.entries.map((entry) => (
            <tr key={entry.id} data-testid="audit-row" className="align-top">
              <td className="px-5 py-2.5 whitespace-nowrap text-slate-500">
                <time dateTime={entry.created_at.toISOString()}>
                  {format.dateTime(entry.created_at, { dateStyle: "medium", timeStyle: "short" })}
                </time>
              </td>
              <td className="px-3 py-2.5 text-slate-700">{entry.actor_email ?? t("system")}</td>
              <td className="px-3 py-2.5">
                <p className="font-medium text-slate-900">{isAuditAction(entry.action) ? t(actionKey(entry.action)) : entry.action}</p>
                {entry.target_label && <p className="text-slate-500">{entry.target_label}</p>}
              </td>
              <td className="px-5 py-2.5 text-slate-600">
                {/* The weekly hours do not fit on one line: a sentence says what changed. */}
                {entry.action === "workspace.business_hours_updated" ? t("businessHoursUpdated") : describeAuditDetails(entry.details)}
              </td>
            </tr>
          ))}
        </CardTable>
      )}

      {(page.newer || page.older) && (
        <nav aria-label={t("pages")} className="mt-4 flex justify-between">
          {page.newer ? (
            <Link
              href={link({ after: page.newer })}
              className="inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline"
            >
              <ChevronLeft className="size-4" aria-hidden /> {t("newer")}
            </Link>
          ) : (
            <span />
          )}
          {page.older && (
            <Link
              href={link({ before: page.older })}
              className="inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline"
            >
              {t("older")} <ChevronRight className="size-4" aria-hidden />
            </Link>
          )}
        </nav>
      )}
    </Card>
  );
}
