"use client";

import { KeyRound, Pause, Play, RotateCcw, Send, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
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
import {
  ROTATION_OVERLAP_HOURS,
  type RotationOverlapHours,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_EVENTS,
  type WebhookEventType,
} from "@/lib/webhook-events";
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

/** Create (the secret is shown once, after) or edit a subscription: URL, a note and the events. */
export function SubscriptionForm({ initial }: { initial?: SubscriptionValues }) {
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
        <Field error={fieldErrors.url} label="Endpoint URL" htmlFor="webhook-url" hint="HTTPS. We POST a signed JSON body to it.">
          <Input
            id="webhook-url"
            name="url"
            error={fieldErrors.url}
            type="url"
            required
            maxLength={2000}
            placeholder="https://example.com/conversa/webhooks"
            defaultValue={initial?.url}
          />
        </Field>
        <Field error={fieldErrors.description} label="Description (optional)" htmlFor="webhook-description">
          <Input
            id="webhook-description"
            name="description"
            error={fieldErrors.description}
            maxLength={200}
            placeholder="Order system"
            defaultValue={initial?.description ?? ""}
          />
        </Field>
      </div>
      <fieldset aria-describedby={fieldErrors.events ? errorIdOf("webhook-events") : undefined}>
        <legend className="text-sm font-medium text-slate-700">Events</legend>
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
                <span className="block text-xs text-slate-500">{WEBHOOK_EVENTS[type]}</span>
              </span>
            </label>
          ))}
        </div>
        <FieldError id="webhook-events" message={fieldErrors.events} />
      </fieldset>
      <div className="flex items-center gap-3">
        <Button type="submit" pending={pending}>
          {initial?.id ? "Save changes" : "Add endpoint"}
        </Button>
        <FormStatus message={saved ? "Saved." : null} />
      </div>
      <FormError message={error} detail={errorTechnical} />
      {created && (
        <ShownOnce value={created.secret} testId="new-webhook-secret">
          Copy the signing secret of <strong className="break-all">{created.url}</strong> now: it is shown only this once. Your endpoint
          uses it to check the <code className="font-mono">Conversa-Webhook-Signature</code> header.
        </ShownOnce>
      )}
    </form>
  );
}

/** Send a test event, pause or resume, delete. */
export function SubscriptionActions({ id, url, paused }: { id: string; url: string; paused: boolean }) {
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
        <Button
          variant="secondary"
          disabled={pending || paused}
          onClick={() => act(() => sendWebhookTestEvent({ id }), "Test event queued: it shows in the log below in a moment.")}
        >
          <Send className="size-4" aria-hidden />
          Send test event
        </Button>
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() =>
            act(() => setWebhookSubscriptionPaused({ id, paused: !paused }), paused ? "Resumed: new events are sent again." : "Paused.")
          }
        >
          {paused ? <Play className="size-4" aria-hidden /> : <Pause className="size-4" aria-hidden />}
          {paused ? "Resume" : "Pause"}
        </Button>
        <ConfirmButton
          disabled={pending}
          title="Delete this endpoint?"
          description={
            <>
              No more events go to <span className="break-all font-medium text-slate-900">{url}</span>, and its delivery log is deleted too.
            </>
          }
          confirmLabel="Delete endpoint"
          action={() => deleteWebhookSubscription({ id })}
          onDone={() => router.push("/settings/api/webhooks")}
        >
          <Trash2 className="size-4" aria-hidden />
          Delete
        </ConfirmButton>
      </div>
      <FormStatus message={message} />
      <FormError message={error} />
    </div>
  );
}

const OVERLAP_LABELS: Record<RotationOverlapHours, string> = {
  0: "Stop using it now (it leaked)",
  1: "Keep signing with it for 1 hour",
  24: "Keep signing with it for 24 hours",
  72: "Keep signing with it for 3 days",
};

/**
 * A new signing secret, shown once. The old one keeps signing beside it for
 * the chosen time, so the endpoint can switch without refusing a delivery.
 */
export function RotateSecret({ id }: { id: string }) {
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
        <Field label="The current secret" htmlFor={`overlap-${id}`}>
          <Select id={`overlap-${id}`} value={overlap} onChange={(event) => setOverlap(Number(event.target.value) as RotationOverlapHours)}>
            {ROTATION_OVERLAP_HOURS.map((hours) => (
              <option key={hours} value={hours}>
                {OVERLAP_LABELS[hours]}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" variant="secondary" pending={pending}>
          <KeyRound className="size-4" aria-hidden />
          Rotate signing secret
        </Button>
      </div>
      <FormError message={error} />
      {secret && (
        <ShownOnce value={secret} testId="rotated-webhook-secret">
          The new signing secret, shown only this once. It signs every delivery from now on
          {overlap > 0
            ? `; the old one signs beside it for ${OVERLAP_LABELS[overlap].replace("Keep signing with it for ", "")}, so update your endpoint before then.`
            : "."}
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
  const { pending, error, run } = useAction();
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button
        variant="secondary"
        size="sm"
        pending={pending}
        onClick={() => run(() => replayOutboundDelivery({ subscriptionId, deliveryId }))}
        aria-label="Replay this delivery"
      >
        <RotateCcw className="size-3.5" aria-hidden />
        {children ?? "Replay"}
      </Button>
      <FormError message={error} />
    </span>
  );
}
