"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import {
  addTeamMember,
  createTeam,
  deleteTeam,
  removeTeamMember,
  setChannelDefaultTeam,
  setConversationVisibility,
  updateTeam,
} from "@/app/actions/teams";
import { AvailabilityDot } from "@/components/ui/availability-dot";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { field, useAction } from "@/components/ui/use-action";
import type { Availability, ConversationVisibility } from "@/lib/availability";

export interface TeamMemberOption {
  userId: string;
  name: string;
  email: string;
  availability: Availability;
}

export interface TeamItem {
  id: string;
  name: string;
  description: string | null;
  autoAssign: boolean;
  assignmentCap: number | null;
  memberIds: string[];
  queued: number;
}

/** The form's fields as the team actions take them ("" cap: no cap). */
function teamFields(form: FormData, autoAssign: boolean) {
  const cap = field(form, "assignmentCap").trim();
  return {
    name: field(form, "name"),
    description: field(form, "description"),
    autoAssign,
    assignmentCap: cap === "" ? null : Number(cap),
  };
}

function TeamFields({ idPrefix, team }: { idPrefix: string; team?: TeamItem }) {
  const t = useTranslations("settings.teams");
  return (
    <div className="grid gap-4 sm:grid-cols-[1fr_2fr_8rem]">
      <Field label={t("name")} htmlFor={`${idPrefix}-name`}>
        <Input id={`${idPrefix}-name`} name="name" required maxLength={60} defaultValue={team?.name} placeholder={t("namePlaceholder")} />
      </Field>
      <Field label={t("description")} htmlFor={`${idPrefix}-description`}>
        <Input id={`${idPrefix}-description`} name="description" maxLength={300} defaultValue={team?.description ?? ""} />
      </Field>
      <Field label={t("cap")} htmlFor={`${idPrefix}-cap`} hint={t("capHint")}>
        <Input
          id={`${idPrefix}-cap`}
          name="assignmentCap"
          type="number"
          min={1}
          max={500}
          inputMode="numeric"
          defaultValue={team?.assignmentCap ?? ""}
        />
      </Field>
    </div>
  );
}

function AutoAssignToggle({ id, checked, onChange }: { id: string; checked: boolean; onChange: (value: boolean) => void }) {
  const t = useTranslations("settings.teams");
  return (
    <label htmlFor={id} className="flex items-center gap-2 text-sm text-slate-700">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} className="size-4 rounded" />
      {t("autoAssign")}
    </label>
  );
}

export function CreateTeamForm() {
  const t = useTranslations("settings.teams");
  const { pending, error, submit } = useAction();
  const [autoAssign, setAutoAssign] = useState(false);
  return (
    <form
      className="space-y-4"
      onSubmit={submit(
        (form) => createTeam(teamFields(form, autoAssign)),
        (_, form) => {
          form.reset();
          setAutoAssign(false);
        },
      )}
    >
      <TeamFields idPrefix="new-team" />
      <AutoAssignToggle id="new-team-auto" checked={autoAssign} onChange={setAutoAssign} />
      <FormError message={error} />
      <Button type="submit" pending={pending}>
        {t("create")}
      </Button>
    </form>
  );
}

/** One team: its settings, its members (with their availability) and deleting it. */
export function TeamEditor({ team, members }: { team: TeamItem; members: TeamMemberOption[] }) {
  const t = useTranslations("settings.teams");
  const settings = useAction();
  const membership = useAction({ refresh: "always" });
  const [autoAssign, setAutoAssign] = useState(team.autoAssign);
  const inTeam = members.filter((m) => team.memberIds.includes(m.userId));
  const others = members.filter((m) => !team.memberIds.includes(m.userId));
  return (
    <div className="space-y-5" data-testid="team">
      <form className="space-y-4" onSubmit={settings.submit((form) => updateTeam({ teamId: team.id, ...teamFields(form, autoAssign) }))}>
        <TeamFields idPrefix={`team-${team.id}`} team={team} />
        <AutoAssignToggle id={`team-${team.id}-auto`} checked={autoAssign} onChange={setAutoAssign} />
        <FormError message={settings.error} />
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" size="sm" pending={settings.pending}>
            {t("save")}
          </Button>
          <ConfirmButton
            size="sm"
            title={t("deleteTitle", { team: team.name })}
            description={t("deleteDescription")}
            confirmLabel={t("deleteConfirm")}
            action={() => deleteTeam({ teamId: team.id })}
          >
            {t("delete")}
          </ConfirmButton>
          <span className="text-xs text-slate-500">{t("queued", { count: team.queued })}</span>
        </div>
      </form>
      <div className="space-y-2">
        <h3 className="text-sm font-medium text-slate-900">{t("members", { count: inTeam.length })}</h3>
        <FormError message={membership.error} />
        {inTeam.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noMembers")}</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-busy={membership.pending}>
            {inTeam.map((member) => (
              <li key={member.userId} className="flex items-center gap-3 py-2">
                <AvailabilityDot availability={member.availability} />
                <span className="min-w-0 flex-1 truncate text-sm">
                  {member.name} <span className="text-slate-500">{member.email}</span>
                </span>
                <Button
                  variant="ghost"
                  size="sm"
                  disabled={membership.pending}
                  aria-label={t("removeMember", { email: member.email, team: team.name })}
                  onClick={() => membership.run(() => removeTeamMember({ teamId: team.id, userId: member.userId }))}
                >
                  {t("remove")}
                </Button>
              </li>
            ))}
          </ul>
        )}
        {others.length > 0 && (
          <div className="w-64">
            <label className="sr-only" htmlFor={`team-${team.id}-add`}>
              {t("addMemberLabel", { team: team.name })}
            </label>
            <Select
              id={`team-${team.id}-add`}
              value=""
              disabled={membership.pending}
              onChange={(e) => e.target.value && membership.run(() => addTeamMember({ teamId: team.id, userId: e.target.value }))}
            >
              <option value="">{t("addMember")}</option>
              {others.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {t("memberOption", { name: m.name, email: m.email })}
                </option>
              ))}
            </Select>
          </div>
        )}
      </div>
    </div>
  );
}

export function VisibilitySetting({ visibility }: { visibility: ConversationVisibility }) {
  const t = useTranslations("settings.teams");
  const { pending, error, run } = useAction({ refresh: "always" });
  return (
    <div className="space-y-2">
      <div className="max-w-md">
        <label className="sr-only" htmlFor="conversation-visibility">
          {t("visibilityLabel")}
        </label>
        <Select
          id="conversation-visibility"
          value={visibility}
          disabled={pending}
          onChange={(e) => run(() => setConversationVisibility({ visibility: e.target.value as ConversationVisibility }))}
        >
          <option value="all">{t("visibilityAll")}</option>
          <option value="own_team_unassigned">{t("visibilityOwnTeam")}</option>
        </Select>
      </div>
      <FormError message={error} />
    </div>
  );
}

export interface NumberTeamItem {
  channelId: string;
  title: string;
  defaultTeamId: string | null;
}

/** Each WhatsApp number's default team: new conversations on it join that team. */
export function NumberDefaultTeams({ numbers, teams }: { numbers: NumberTeamItem[]; teams: { id: string; name: string }[] }) {
  const t = useTranslations("settings.teams");
  const { pending, error, run } = useAction({ refresh: "always" });
  return (
    <div className="space-y-2">
      <FormError message={error} />
      <ul className="divide-y divide-slate-100">
        {numbers.map((number) => (
          <li key={number.channelId} className="flex flex-wrap items-center gap-3 py-2">
            <label className="min-w-0 flex-1 truncate text-sm" htmlFor={`default-team-${number.channelId}`}>
              {number.title}
            </label>
            <div className="w-56">
              <Select
                id={`default-team-${number.channelId}`}
                value={number.defaultTeamId ?? ""}
                disabled={pending}
                onChange={(e) => run(() => setChannelDefaultTeam({ channelId: number.channelId, teamId: e.target.value || null }))}
              >
                <option value="">{t("noDefaultTeam")}</option>
                {teams.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </Select>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
