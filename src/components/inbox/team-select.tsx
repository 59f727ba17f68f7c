"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { setConversationTeam } from "@/app/actions/teams";
import { cn } from "@/components/ui/cn";
import { useAction } from "@/components/ui/use-action";

/**
 * The conversation's team, beside its assignee. Moving an unassigned
 * conversation to a team puts it in that team's queue (assigned at once if
 * the team auto-assigns and someone is free); the live update refreshes the header.
 */
export function TeamSelect({
  id,
  conversationId,
  teamId,
  teams,
  onError,
  className,
}: {
  /** The select's id: the header and the details drawer each have one. */
  id: string;
  conversationId: string;
  teamId: string | null;
  teams: { id: string; name: string }[];
  onError: (message: string) => void;
  className?: string;
}) {
  const t = useTranslations("inbox.team");
  // The server's value, until a change of ours is pending or refused.
  const [chosen, setChosen] = useState<{ from: string | null; to: string | null } | null>(null);
  const { pending, run } = useAction({
    refresh: false,
    onError: (message) => {
      setChosen(null);
      onError(message);
    },
  });
  if (teams.length === 0) return null;
  const value = chosen && chosen.from === teamId ? chosen.to : teamId;
  return (
    <select
      id={id}
      value={value ?? ""}
      disabled={pending}
      onChange={(e) => {
        const next = e.target.value || null;
        setChosen({ from: teamId, to: next });
        run(() => setConversationTeam({ conversationId, teamId: next }));
      }}
      className={cn("rounded-md border-0 py-1.5 pr-7 pl-2 text-sm ring-1 ring-slate-300", className)}
    >
      <option value="">{t("none")}</option>
      {teams.map((team) => (
        <option key={team.id} value={team.id}>
          {team.name}
        </option>
      ))}
    </select>
  );
}
