"use client";

import { KeyRound, Pause, Play, RotateCcw, Send, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { type ReactNode, useState } from "react";
import {
  createWebhookSubscription,
  deleteWebhookSubscription,
  replayOutboundDelivery,
  rotateWebhookSecret,
  sendWebhookTestEvent,
  setWebhookSubscriptionPaused,
  updateWebhookSubscription,
} from "@/app/actions/outbound-webhooks";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { errorIdOf, Field, FieldError, FormError, FormStatus, Input, Select } from "@/components/ui/field";
import { ShownOnce } from "@/components/ui/shown-once";
import { field, useAction } from "@/components/ui/use-action";
import { ROTATION_OVERLAP_HOURS, type RotationOverlapHours, WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/lib/webhook-events";
import type { Result } from "@/server/errors";

interface SubscriptionValues {
  id?: string;
  url: string;
  description: string | null;
  events: WebhookEventType[];
}

const subscriptionInput = (data: FormData) => ({
  url: field(data, "url"),
  description: field(data, "description") || null,
  events: data.getAll("events").map(String) as WebhookEventType[],
});

/** "message.received" → "eventDescriptions.message.received": one catalogue group per event group. */
const descriptionKey = (type: WebhookEventType) => {
  const [group, event] = type.split(".");
  return `eventDescriptions.${group}.${event}` as `eventDescriptions.${WebhookEventType}`;
};

/** Create (the secret is shown once, after) or edit a subscription: URL, a note and the events. */
export function SubscriptionForm({ initial }: { initial?: SubscriptionValues }) {
  const t = useTranslations("developers.webhooks");
  const { pending, error, errorTechnical, fieldErrors, submit } = useAction();
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [saved, setSaved] = useState(false);
  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        setCreated(null);
        setSaved(false);
        const id = initial?.id;
        if (id)
          return submit(
            (data) => updateWebhookSubscription({ id, ...subscriptionInput(data) }),
            () => setSaved(true),
          )(event);
        submit(
          (data) => createWebhookSubscription(subscriptionInput(data)),
          (result, form) => {
            setCreated(result);
            form.reset();
          },
        )(event);
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field error={fieldErrors.url} label={t("url")} htmlFor="webhook-url" hint={t("urlHint")}>
          <Input
            id="webhook-url"
            name="url"
            error={fieldErrors.url}
            type="url"
            required
            maxLength={2000}
            placeholder={t("urlPlaceholder")}
            defaultValue={initial?.url}
          />
        </Field>
        <Field error={fieldErrors.description} label={t("description")} htmlFor="webhook-description">
          <Input
            id="webhook-description"
            name="description"
            error={fieldErrors.description}
            maxLength={200}
            placeholder={t("descriptionPlaceholder")}
            defaultValue={initial?.description ?? ""}
          />
        </Field>
      </div>
      <fieldset aria-describedby={fieldErrors.events ? errorIdOf("webhook-events") : undefined}>
        <legend className="text-sm font-medium text-slate-700">{t("events")}</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label
              key={type}
              className="flex items-start gap-2.5 rounded-md px-3 py-2 text-sm ring-1 ring-slate-200 has-[:checked]:bg-brand-50 has-[:checked]:ring-brand-200"
            >
              <input
                type="checkbox"
                name="events"
                value={type}
                defaultChecked={initial ? initial.events.includes(type) : true}
                className="mt-0.5 size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600"
              />
              <span>
                <code className="font-mono text-xs text-slate-900">{type}</code>
                <span className="block text-xs text-slate-500">{t(descriptionKey(type))}</span>
              </span>
            </label>
          ))}
        </div>
        <FieldError id="webhook-events" message={fieldErrors.events} />
      </fieldset>
      <div className="flex items-center gap-3">
        <Button type="submit" pending={pending}>
          {initial?.id ? t("save") : t("add")}
        </Button>
        <FormStatus message={saved ? t("saved") : null} />
      </div>
      <FormError message={error} detail={errorTechnical} />
      {created && (
        <ShownOnce value={created.secret} testId="new-webhook-secret">
          {t.rich("secretShownOnce", {
            url: created.url,
            strong: (chunks) => <strong className="break-all">{chunks}</strong>,
            code: (chunks) => <code className="font-mono">{chunks}</code>,
          })}
        </ShownOnce>
      )}
    </form>
  );
}

/** Send a test event, pause or resume, delete. */
export function SubscriptionActions({ id, url, paused }: { id: string; url: string; paused: boolean }) {
  const t = useTranslations("developers.webhooks");
  const router = useRouter();
  const { pending, error, run } = useAction();
  const [message, setMessage] = useState<string | null>(null);
  const act = (action: () => Promise<Result<unknown>>, done: string) => {
    setMessage(null);
    run(action, () => setMessage(done));
  };
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2" aria-busy={pending}>
        <Button variant="secondary" disabled={pending || paused} onClick={() => act(() => sendWebhookTestEvent({ id }), t("testQueued"))}>
          <Send className="size-4" aria-hidden />
          {t("sendTest")}
        </Button>
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() => act(() => setWebhookSubscriptionPaused({ id, paused: !paused }), paused ? t("resumed") : t("paused"))}
        >
          {paused ? <Play className="size-4" aria-hidden /> : <Pause className="size-4" aria-hidden />}
          {paused ? t("resume") : t("pause")}
        </Button>
        <ConfirmButton
          disabled={pending}
          title={t("deleteTitle")}
          description={t.rich("deleteDescription", {
            url,
            target: (chunks) => <span className="break-all font-medium text-slate-900">{chunks}</span>,
          })}
          confirmLabel={t("deleteConfirm")}
          action={() => deleteWebhookSubscription({ id })}
          onDone={() => router.push("/settings/api/webhooks")}
        >
          <Trash2 className="size-4" aria-hidden />
          {t("delete")}
        </ConfirmButton>
      </div>
      <FormStatus message={message} />
      <FormError message={error} />
    </div>
  );
}

/**
 * A new signing secret, shown once. The old one keeps signing beside it for
 * the chosen time, so the endpoint can switch without refusing a delivery.
 */
export function RotateSecret({ id }: { id: string }) {
  const t = useTranslations("developers.webhooks");
  const { pending, error, run } = useAction();
  const [overlap, setOverlap] = useState<RotationOverlapHours>(24);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        setSecret(null);
        run(
          () => rotateWebhookSecret({ id, overlapHours: overlap }),
          (data) => setSecret(data.secret),
        );
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        <Field label={t("currentSecret")} htmlFor={`overlap-${id}`}>
          <Select id={`overlap-${id}`} value={overlap} onChange={(event) => setOverlap(Number(event.target.value) as RotationOverlapHours)}>
            {ROTATION_OVERLAP_HOURS.map((hours) => (
              <option key={hours} value={hours}>
                {t("overlap", { hours })}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" variant="secondary" pending={pending}>
          <KeyRound className="size-4" aria-hidden />
          {t("rotate")}
        </Button>
      </div>
      <FormError message={error} />
      {secret && (
        <ShownOnce value={secret} testId="rotated-webhook-secret">
          {t("rotated", { hours: overlap })}
        </ShownOnce>
      )}
    </form>
  );
}

export function ReplayDeliveryButton({
  subscriptionId,
  deliveryId,
  children,
}: {
  subscriptionId: string;
  deliveryId: string;
  children?: ReactNode;
}) {
  const t = useTranslations("developers.webhooks");
  const { pending, error, run } = useAction();
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button
        variant="secondary"
        size="sm"
        pending={pending}
        onClick={() => run(() => replayOutboundDelivery({ subscriptionId, deliveryId }))}
        aria-label={t("replayLabel")}
      >
        <RotateCcw className="size-3.5" aria-hidden />
        {children ?? t("replay")}
      </Button>
      <FormError message={error} />
    </span>
  );
}
