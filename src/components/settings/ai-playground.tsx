"use client";

import { Eraser, Send, Sparkles, Wrench } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { tryAssistant } from "@/app/actions/ai";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FormError, Input } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import type { PlaygroundAnswer, PlaygroundTurn } from "@/server/ai/playground";

interface Exchange extends PlaygroundTurn {
  details?: Omit<PlaygroundAnswer, "reply">;
}

/** Chat with the saved assistant as a customer would; nothing reaches WhatsApp or the CRM. */
export function AiPlayground() {
  const t = useTranslations("ai.playground");
  const format = useFormatter();
  const [turns, setTurns] = useState<Exchange[]>([]);
  const [draft, setDraft] = useState("");
  // Nothing on the page changes: no refresh.
  const { pending, error, errorTechnical, run } = useAction({ refresh: false });

  function send() {
    const text = draft.trim();
    if (!text) return;
    const next = [...turns, { from: "customer" as const, text }];
    setTurns(next);
    setDraft("");
    run(
      () => tryAssistant({ turns: next.map(({ from, text }) => ({ from, text })) }),
      ({ reply, ...details }) => setTurns((current) => [...current, { from: "assistant", text: reply ?? t("noReply"), details }]),
    );
  }

  return (
    <div className="space-y-3">
      <ol
        className="max-h-96 min-h-32 space-y-2 overflow-y-auto rounded-lg bg-[#efeae2] p-3"
        aria-label={t("conversation")}
        aria-live="polite"
      >
        {turns.length === 0 && <li className="py-8 text-center text-sm text-slate-600">{t("intro")}</li>}
        {turns.map((turn, index) => (
          // The conversation only grows; positions are stable.
          <li key={index} className={cn("flex", turn.from === "assistant" ? "justify-end" : "justify-start")}>
            <div
              className={cn(
                "max-w-[80%] rounded-lg px-3 py-1.5 text-sm shadow-xs",
                turn.from === "assistant" ? "bg-violet-50 ring-1 ring-violet-200" : "bg-white",
              )}
            >
              {turn.from === "assistant" && (
                <p className="flex items-center gap-1 text-xs font-semibold text-violet-700">
                  <Sparkles className="size-3" aria-hidden /> {t("assistant")}
                </p>
              )}
              <p className="whitespace-pre-wrap" data-testid={turn.from === "assistant" ? "playground-reply" : undefined}>
                {turn.text}
              </p>
              {turn.details && (
                <div className="mt-1 space-y-1 border-t border-violet-100 pt-1 text-[11px] text-slate-500">
                  {turn.details.toolCalls.map((call, i) => (
                    <p key={i} className={cn("flex items-start gap-1 font-mono", !call.accepted && "text-red-600")}>
                      <Wrench className="mt-0.5 size-3 shrink-0" aria-hidden />
                      {call.accepted
                        ? `${call.name}(${JSON.stringify(call.arguments)})`
                        : t("refused", { call: `${call.name}(${JSON.stringify(call.arguments)})`, error: call.error ?? "" })}
                    </p>
                  ))}
                  <p>
                    {t("usage", {
                      tokens: format.number(turn.details.promptTokens + turn.details.completionTokens),
                      seconds: format.number(turn.details.latencyMs / 1000, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
                    })}
                  </p>
                </div>
              )}
            </div>
          </li>
        ))}
        {pending && (
          <li className="flex justify-end">
            <span className="rounded-lg bg-violet-50 px-3 py-1.5 text-sm text-violet-700 ring-1 ring-violet-200">{t("thinking")}</span>
          </li>
        )}
      </ol>
      <FormError message={error} detail={errorTechnical} />
      <form
        className="flex gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          send();
        }}
      >
        <Input
          aria-label={t("message")}
          placeholder={t("placeholder")}
          value={draft}
          maxLength={4096}
          onChange={(e) => setDraft(e.target.value)}
          disabled={pending}
        />
        <Button type="submit" pending={pending} disabled={!draft.trim()}>
          <Send className="size-4" aria-hidden /> {t("try")}
        </Button>
        <Button
          type="button"
          variant="ghost"
          onClick={() => setTurns([])}
          disabled={pending || turns.length === 0}
          aria-label={t("startOver")}
        >
          <Eraser className="size-4" aria-hidden />
        </Button>
      </form>
    </div>
  );
}
