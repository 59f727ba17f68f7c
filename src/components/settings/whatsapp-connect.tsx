"use client";

import { type ReactNode, useState } from "react";
import { connectDialog360Number, connectKapsoNumber, connectMetaNumber, startKapsoConnect } from "@/app/actions/channels";
import { Button } from "@/components/ui/button";
import { CopyLink } from "@/components/ui/copy-field";
import { Field, FormError, Input } from "@/components/ui/field";
import { field, useAction } from "@/components/ui/use-action";
import type { Result } from "@/server/errors";

/** Kapso's hosted setup: the browser leaves for Kapso's page and comes back to /api/webhooks/kapso/success. */
export function KapsoConnectButtons({ retry = false }: { retry?: boolean }) {
  const { pending, error, errorTechnical, run } = useAction({ refresh: false });
  const [chosen, setChosen] = useState<boolean | null>(null);
  const start = (provisionPhoneNumber: boolean) => {
    setChosen(provisionPhoneNumber);
    run(
      () => startKapsoConnect({ provisionPhoneNumber }),
      ({ url }) => window.location.assign(url),
    );
  };
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => start(false)} pending={pending && chosen === false} disabled={pending}>
          {retry ? "Try again" : "Connect your WhatsApp Business"}
        </Button>
        {!retry && (
          <Button variant="secondary" onClick={() => start(true)} pending={pending && chosen === true} disabled={pending}>
            Get a new number
          </Button>
        )}
      </div>
      {pending && (
        <p role="status" className="text-sm text-slate-500">
          Preparing your secure setup link…
        </p>
      )}
      <FormError message={error} detail={errorTechnical} />
    </div>
  );
}

/** One connect form: submits, shows the refusal in place (the typed values stay), refreshes the list on success. */
function ConnectForm<T>({
  submit,
  label,
  children,
  next,
}: {
  submit: (data: FormData) => Promise<Result<T>>;
  label: string;
  /** The fields, given the refusal's message per input name. */
  children: (errors: Readonly<Record<string, string>>) => ReactNode;
  /** What the admin still has to do once connected, from the action's answer. */
  next?: (connected: T) => ReactNode;
}) {
  const action = useAction();
  const [done, setDone] = useState<{ value: T } | null>(null);
  const { pending, error, errorTechnical, fieldErrors } = action;
  return (
    <form
      className="space-y-4"
      aria-label={label}
      onSubmit={(event) => {
        setDone(null);
        action.submit(submit, (value, form) => {
          form.reset();
          setDone({ value });
        })(event);
      }}
    >
      {children(fieldErrors)}
      <FormError message={error} detail={errorTechnical} />
      {done && (
        <div role="status" className="space-y-2 rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-700 ring-1 ring-brand-100">
          <p>Connected. The number is listed below.</p>
          {next?.(done.value)}
        </div>
      )}
      <Button type="submit" pending={pending}>
        {pending ? "Checking with the provider…" : label}
      </Button>
    </form>
  );
}

export function Dialog360ConnectForm() {
  return (
    <ConnectForm
      label="Connect 360dialog number"
      submit={(data) =>
        connectDialog360Number({ apiKey: field(data, "apiKey"), displayPhoneNumber: field(data, "displayPhoneNumber") || undefined })
      }
    >
      {(errors) => (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            error={errors.apiKey}
            label="API key"
            htmlFor="d360-key"
            hint="From the 360dialog Hub: your number → API key. Stored encrypted."
          >
            <Input id="d360-key" name="apiKey" error={errors.apiKey} type="password" autoComplete="off" required minLength={8} />
          </Field>
          <Field
            error={errors.displayPhoneNumber}
            label="Phone number (optional)"
            htmlFor="d360-number"
            hint="As customers see it, with country code."
          >
            <Input
              id="d360-number"
              name="displayPhoneNumber"
              error={errors.displayPhoneNumber}
              inputMode="tel"
              placeholder="+62 812 3456 7890"
            />
          </Field>
        </div>
      )}
    </ConnectForm>
  );
}

export function MetaConnectForm() {
  return (
    <ConnectForm
      label="Connect Meta number"
      submit={(data) =>
        connectMetaNumber({
          phoneNumberId: field(data, "phoneNumberId"),
          wabaId: field(data, "wabaId"),
          accessToken: field(data, "accessToken"),
          appSecret: field(data, "appSecret"),
        })
      }
    >
      {(errors) => (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field error={errors.phoneNumberId} label="Phone number ID" htmlFor="meta-pnid" hint="WhatsApp → API Setup in your Meta app.">
            <Input id="meta-pnid" name="phoneNumberId" error={errors.phoneNumberId} inputMode="numeric" required pattern="\d+" />
          </Field>
          <Field error={errors.wabaId} label="WhatsApp Business Account ID" htmlFor="meta-waba">
            <Input id="meta-waba" name="wabaId" error={errors.wabaId} inputMode="numeric" required pattern="\d+" />
          </Field>
          <Field
            error={errors.accessToken}
            label="Access token"
            htmlFor="meta-token"
            hint="A permanent system-user token. Stored encrypted."
          >
            <Input
              id="meta-token"
              name="accessToken"
              error={errors.accessToken}
              type="password"
              autoComplete="off"
              required
              minLength={8}
            />
          </Field>
          <Field
            error={errors.appSecret}
            label="App secret"
            htmlFor="meta-secret"
            hint="App settings → Basic. Checks Meta's webhook signatures."
          >
            <Input id="meta-secret" name="appSecret" error={errors.appSecret} type="password" autoComplete="off" required minLength={8} />
          </Field>
        </div>
      )}
    </ConnectForm>
  );
}

/** A number already on Kapso (a team moving from its own Kapso setup): no setup link, its webhook stays the team's. */
export function KapsoExistingConnectForm() {
  return (
    <ConnectForm
      label="Connect Kapso number"
      submit={(data) =>
        connectKapsoNumber({
          phoneNumberId: field(data, "phoneNumberId"),
          webhookSecret: field(data, "webhookSecret"),
          apiKey: field(data, "apiKey") || undefined,
        })
      }
      next={({ webhookUrl }) => (
        <>
          <p>In Kapso, point this number&apos;s webhook (payload v2, signed with the secret you entered) at:</p>
          <CopyLink path={webhookUrl} label="Webhook URL to set in Kapso" />
        </>
      )}
    >
      {(errors) => (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            error={errors.phoneNumberId}
            label="Phone number ID"
            htmlFor="kapso-pnid"
            hint="Kapso → WhatsApp numbers: the number's phone_number_id."
          >
            <Input id="kapso-pnid" name="phoneNumberId" error={errors.phoneNumberId} inputMode="numeric" required pattern="\d+" />
          </Field>
          <Field
            error={errors.webhookSecret}
            label="Webhook secret"
            htmlFor="kapso-secret"
            hint="The secret of the number's Kapso webhook. Checks its signatures."
          >
            <Input
              id="kapso-secret"
              name="webhookSecret"
              error={errors.webhookSecret}
              type="password"
              autoComplete="off"
              required
              minLength={8}
            />
          </Field>
          <Field
            error={errors.apiKey}
            label="Kapso API key (optional)"
            htmlFor="kapso-key"
            hint="Your own Kapso project's key: sends for this number use it. Left empty, this server's key is used. Stored encrypted."
          >
            <Input id="kapso-key" name="apiKey" error={errors.apiKey} type="password" autoComplete="off" minLength={8} />
          </Field>
        </div>
      )}
    </ConnectForm>
  );
}
