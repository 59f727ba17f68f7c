"use client";

import { CheckCircle2, KeyRound, Smartphone } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { disconnectNumber, sendTestMessage, testMessageStatus } from "@/app/actions/channels";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyLink } from "@/components/ui/copy-field";
import { FormError, Input } from "@/components/ui/field";
import { StatusBadge } from "@/components/ui/status-badge";
import { field, useAction } from "@/components/ui/use-action";

export interface NumberItem {
  id: string;
  title: string;
  subtitle: string | null;
  provider: "kapso" | "360dialog" | "meta";
  status: "pending" | "active" | "disconnected" | "error";
  connectionType: "coexistence" | "dedicated";
  connected: string | null;
  disconnected: string | null;
  keyLast4: string | null;
  webhookUrl: string;
  /** Registered on the provider for the admin (Kapso setup links); otherwise to be set in the provider's dashboard. */
  webhookRegistered: boolean;
  verifyToken: string | null;
}

const PROVIDERS = { kapso: "Kapso", "360dialog": "360dialog", meta: "Meta Cloud API" } as const;
export function NumberList({ numbers }: { numbers: NumberItem[] }) {
  return (
    <ul className="divide-y divide-slate-100">
      {numbers.map((number) => (
        <NumberRow key={number.id} number={number} />
      ))}
    </ul>
  );
}

function NumberRow({ number }: { number: NumberItem }) {
  const t = useTranslations("settings.whatsapp.number");
  const live = number.status !== "disconnected";
  return (
    <li className="space-y-3 py-4 first:pt-0 last:pb-0" data-testid="whatsapp-number" aria-label={number.title}>
      <div className="flex flex-wrap items-start gap-3">
        <div className="rounded-full bg-brand-50 p-2 text-brand-700">
          <Smartphone className="size-4" aria-hidden />
        </div>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-semibold text-slate-900">{number.title}</p>
          <p className="truncate text-xs text-slate-500">
            {[number.subtitle, PROVIDERS[number.provider], number.connectionType === "coexistence" ? t("coexistence") : t("dedicated")]
              .filter(Boolean)
              .join(" · ")}
          </p>
          <p className="text-xs text-slate-500">
            {live
              ? number.connected && t("connected", { when: number.connected })
              : number.disconnected
                ? t("disconnected", { when: number.disconnected })
                : t("disconnectedUnknown")}
            {number.keyLast4 && (
              <span className="ml-2 inline-flex items-center gap-1">
                <KeyRound className="size-3" aria-hidden /> {t("key", { last4: number.keyLast4 })}
              </span>
            )}
          </p>
        </div>
        <StatusBadge kind="channel" status={number.status} />
        {live && (
          <ConfirmButton
            size="sm"
            aria-label={t("disconnectLabel", { number: number.title })}
            title={t("disconnectTitle", { number: number.title })}
            description={t("disconnectDescription")}
            confirmLabel={t("disconnect")}
            action={() => disconnectNumber({ channelId: number.id })}
          >
            {t("disconnect")}
          </ConfirmButton>
        )}
      </div>
      {live && (
        <div className="grid gap-3 pl-11 lg:grid-cols-2">
          <div className="space-y-1">
            <p className="text-xs font-medium text-slate-600">{number.webhookRegistered ? t("webhookRegistered") : t("webhookToPaste")}</p>
            <CopyLink path={number.webhookUrl} label={t("webhookUrlOf", { number: number.title })} />
            {number.verifyToken && (
              <>
                <p className="pt-1 text-xs font-medium text-slate-600">{t("verifyToken")}</p>
                <CopyLink path={number.verifyToken} label={t("verifyTokenOf", { number: number.title })} />
              </>
            )}
          </div>
          <TestMessage channelId={number.id} title={number.title} />
        </div>
      )}
    </li>
  );
}

type Delivery = { messageId: string; status: string; error: string | null; conversationId: string | null };

const FINAL = new Set(["sent", "delivered", "read", "failed"]);

/** Sends Meta's hello_world template through the real queue and follows the message until it is sent or failed. */
function TestMessage({ channelId, title }: { channelId: string; title: string }) {
  const t = useTranslations("settings.whatsapp.number");
  const { pending, error, submit } = useAction({ refresh: false });
  const [pollError, setPollError] = useState<string | null>(null);
  const [delivery, setDelivery] = useState<Delivery | null>(null);

  useEffect(() => {
    if (!delivery || FINAL.has(delivery.status)) return;
    const timer = setTimeout(async () => {
      const result = await testMessageStatus({ messageId: delivery.messageId });
      if (result.ok) setDelivery({ messageId: delivery.messageId, ...result.data });
      else setPollError(result.error.message);
    }, 1000);
    return () => clearTimeout(timer);
  }, [delivery]);

  const inputId = `test-${channelId}`;
  return (
    <form
      className="space-y-1"
      onSubmit={(event) => {
        setPollError(null);
        setDelivery(null);
        submit(
          (data) => sendTestMessage({ channelId, phone: field(data, "phone"), idempotencyKey: crypto.randomUUID() }),
          ({ messageId }) => setDelivery({ messageId, status: "pending", error: null, conversationId: null }),
        )(event);
      }}
    >
      <label htmlFor={inputId} className="block text-xs font-medium text-slate-600">
        {t("testLabel")}
      </label>
      <div className="flex gap-2">
        <Input id={inputId} name="phone" inputMode="tel" required placeholder={t("testPlaceholder")} className="py-1.5" />
        <Button
          type="submit"
          size="sm"
          variant="secondary"
          pending={pending}
          aria-label={t("testSendLabel", { number: title })}
          className="h-auto"
        >
          {t("testSend")}
        </Button>
      </div>
      <FormError message={error ?? pollError} />
      {delivery && (
        <p role="status" className="flex items-center gap-1.5 text-xs text-slate-600">
          {delivery.status === "pending" && (
            <span className="size-3 animate-spin rounded-full border-2 border-current border-r-transparent" aria-hidden />
          )}
          {delivery.status !== "pending" && delivery.status !== "failed" && (
            <CheckCircle2 className="size-3.5 text-brand-600" aria-hidden />
          )}
          {delivery.status === "pending"
            ? t("sending")
            : delivery.status === "failed"
              ? t("failed", { reason: delivery.error ?? t("refused") })
              : t("delivered", { status: delivery.status })}
          {delivery.conversationId && (
            <Link href={`/inbox/${delivery.conversationId}`} className="ml-1 text-brand-700 underline">
              {t("openConversation")}
            </Link>
          )}
        </p>
      )}
    </form>
  );
}
