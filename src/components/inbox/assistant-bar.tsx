"use client";

import { Hand, PauseCircle, Sparkles } from "lucide-react";
import { useTranslations } from "next-intl";
import { setAssistantPaused } from "@/app/actions/inbox";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useAction } from "@/components/ui/use-action";
import { readNotes } from "@/lib/stored-notes";
import type { ConversationDetail } from "@/server/inbox/queries";

/**
 * Who answers this conversation: the AI assistant, nobody (paused), or a
 * person because the assistant handed over. One click gives it back to the
 * assistant or takes it away.
 */
export function AssistantBar({
  conversation,
  assistantEnabled,
  onChanged,
  onError,
}: {
  conversation: Pick<ConversationDetail, "id" | "ai_paused" | "needs_human" | "needs_human_reason" | "assigned_to">;
  assistantEnabled: boolean;
  onChanged: () => void;
  onError: (message: string) => void;
}) {
  const t = useTranslations("inbox.assistant");
  // The assistant's own reasons are stored as catalogue keys (src/lib/stored-notes.ts).
  const tAll = useTranslations();
  // The conversation view refetches the conversation itself (onChanged); no page refresh.
  const { pending, run } = useAction({ refresh: false, onError });
  if (!assistantEnabled && !conversation.needs_human) return null;
  const setPaused = (paused: boolean) => run(() => setAssistantPaused({ conversationId: conversation.id, paused }), onChanged);

  // An assigned conversation is a person's, even one assigned before the assistant was turned on.
  const state = conversation.needs_human ? "handoff" : conversation.ai_paused || conversation.assigned_to ? "paused" : "answering";
  const Icon = { handoff: Hand, paused: PauseCircle, answering: Sparkles }[state];
  const text =
    state === "handoff" && conversation.needs_human_reason
      ? t("handoffWithReason", { reason: readNotes(conversation.needs_human_reason, tAll) })
      : t(state);

  return (
    <div
      role="status"
      data-testid="assistant-bar"
      data-state={state}
      className={cn(
        "flex items-center gap-2 border-b px-4 py-1.5 text-xs",
        state === "handoff" && "border-amber-200 bg-amber-50 text-amber-900",
        state === "paused" && "border-slate-200 bg-slate-50 text-slate-600",
        state === "answering" && "border-violet-200 bg-violet-50 text-violet-800",
      )}
    >
      <Icon className="size-3.5 shrink-0" aria-hidden />
      <span className="min-w-0 flex-1 truncate" title={text}>
        {text}
      </span>
      {assistantEnabled &&
        (state === "answering" ? (
          <Button variant="ghost" size="sm" className="h-6" pending={pending} onClick={() => setPaused(true)}>
            {t("pause")}
          </Button>
        ) : (
          <Button variant="secondary" size="sm" className="h-6" pending={pending} onClick={() => setPaused(false)} title={t("resumeHint")}>
            <Sparkles className="size-3" aria-hidden /> {t("resume")}
          </Button>
        ))}
    </div>
  );
}
