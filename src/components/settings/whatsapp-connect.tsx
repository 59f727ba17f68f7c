"use client";

import { useTranslations } from "next-intl";
import { type ReactNode, useState } from "react";
import { connectDialog360Number, connectKapsoNumber, connectMetaNumber, startKapsoConnect } from "@/app/actions/channels";
import { Button } from "@/components/ui/button";
import { CopyLink } from "@/components/ui/copy-field";
import { Field, FormError, Input } from "@/components/ui/field";
import { field, useAction } from "@/components/ui/use-action";
import type { Result } from "@/server/errors";

/** Kapso's hosted setup: the browser leaves for Kapso's page and comes back to /api/webhooks/kapso/success. */
export function KapsoConnectButtons({ retry = false }: { retry?: boolean }) {
  const t = useTranslations("settings.whatsapp.kapso");
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
          {retry ? t("tryAgain") : t("connect")}
        </Button>
        {!retry && (
          <Button variant="secondary" onClick={() => start(true)} pending={pending && chosen === true} disabled={pending}>
            {t("newNumber")}
          </Button>
        )}
      </div>
      {pending && (
        <p role="status" className="text-sm text-slate-500">
          {t("preparing")}
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
  const t = useTranslations("settings.whatsapp.form");
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
          <p>{t("connected")}</p>
          {next?.(done.value)}
        </div>
      )}
      <Button type="submit" pending={pending}>
        {pending ? t("checking") : label}
      </Button>
    </form>
  );
}

export function Dialog360ConnectForm() {
  const t = useTranslations("settings.whatsapp.form");
  return (
    <ConnectForm
      label={t("dialog360")}
      submit={(data) =>
        connectDialog360Number({ apiKey: field(data, "apiKey"), displayPhoneNumber: field(data, "displayPhoneNumber") || undefined })
      }
    >
      {(errors) => (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field error={errors.apiKey} label={t("dialog360Key")} htmlFor="d360-key" hint={t("dialog360KeyHint")}>
            <Input id="d360-key" name="apiKey" error={errors.apiKey} type="password" autoComplete="off" required minLength={8} />
          </Field>
          <Field error={errors.displayPhoneNumber} label={t("phone")} htmlFor="d360-number" hint={t("phoneHint")}>
            <Input
              id="d360-number"
              name="displayPhoneNumber"
              error={errors.displayPhoneNumber}
              inputMode="tel"
              placeholder={t("phonePlaceholder")}
            />
          </Field>
        </div>
      )}
    </ConnectForm>
  );
}

export function MetaConnectForm() {
  const t = useTranslations("settings.whatsapp.form");
  return (
    <ConnectForm
      label={t("meta")}
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
          <Field error={errors.phoneNumberId} label={t("phoneNumberId")} htmlFor="meta-pnid" hint={t("metaPhoneNumberIdHint")}>
            <Input id="meta-pnid" name="phoneNumberId" error={errors.phoneNumberId} inputMode="numeric" required pattern="\d+" />
          </Field>
          <Field error={errors.wabaId} label={t("wabaId")} htmlFor="meta-waba">
            <Input id="meta-waba" name="wabaId" error={errors.wabaId} inputMode="numeric" required pattern="\d+" />
          </Field>
          <Field error={errors.accessToken} label={t("accessToken")} htmlFor="meta-token" hint={t("accessTokenHint")}>
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
          <Field error={errors.appSecret} label={t("appSecret")} htmlFor="meta-secret" hint={t("appSecretHint")}>
            <Input id="meta-secret" name="appSecret" error={errors.appSecret} type="password" autoComplete="off" required minLength={8} />
          </Field>
        </div>
      )}
    </ConnectForm>
  );
}

/** A number already on Kapso (a team moving from its own Kapso setup): no setup link, its webhook stays the team's. */
export function KapsoExistingConnectForm() {
  const t = useTranslations("settings.whatsapp.form");
  return (
    <ConnectForm
      label={t("kapso")}
      submit={(data) =>
        connectKapsoNumber({
          phoneNumberId: field(data, "phoneNumberId"),
          webhookSecret: field(data, "webhookSecret"),
          apiKey: field(data, "apiKey") || undefined,
        })
      }
      next={({ webhookUrl }) => (
        <>
          <p>{t("kapsoWebhookNext")}</p>
          <CopyLink path={webhookUrl} label={t("kapsoWebhookUrl")} />
        </>
      )}
    >
      {(errors) => (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field error={errors.phoneNumberId} label={t("phoneNumberId")} htmlFor="kapso-pnid" hint={t("kapsoPhoneNumberIdHint")}>
            <Input id="kapso-pnid" name="phoneNumberId" error={errors.phoneNumberId} inputMode="numeric" required pattern="\d+" />
          </Field>
          <Field error={errors.webhookSecret} label={t("webhookSecret")} htmlFor="kapso-secret" hint={t("webhookSecretHint")}>
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
          <Field error={errors.apiKey} label={t("kapsoKey")} htmlFor="kapso-key" hint={t("kapsoKeyHint")}>
            <Input id="kapso-key" name="apiKey" error={errors.apiKey} type="password" autoComplete="off" minLength={8} />
          </Field>
        </div>
      )}
    </ConnectForm>
  );
}
