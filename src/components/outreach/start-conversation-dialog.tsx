"use client";

import { AlertTriangle, Send, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { type FormEvent, type ReactNode, useRef, useState } from "react";
import { getStartOptions, startConversation } from "@/app/actions/outreach";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { formatPhone } from "@/lib/format";
import { prefillValues } from "@/lib/template-prefill";
import type { StartChannel, StartOptions, StartTarget } from "@/server/inbox/start-conversation";
import { TemplatePreview } from "./template-preview";

const newKey = () => crypto.randomUUID();

/**
 * "Send WhatsApp message": a dialog that writes first. Given a contact it
 * opens on the message; without one, `chooseRecipient` renders the step
 * that picks one (the inbox: search a contact or type a number). Then the
 * number (when the workspace has several), a template of that number (or
 * text, while the customer's 24-hour window is open), its parameters
 * prefilled from the contact, a preview, and the send, which lands in the
 * conversation in the inbox.
 */
export function StartConversationDialog({
  trigger,
  contactId,
  chooseRecipient,
}: {
  /** The button that opens the dialog, given the function that opens it. */
  trigger: (open: () => void) => ReactNode;
  contactId?: string;
  chooseRecipient?: (choose: (target: StartTarget) => void, problem: string | null, pending: boolean) => ReactNode;
}) {
  const t = useTranslations("outreach.start");
  const dialog = useRef<HTMLDialogElement>(null);
  const [target, setTarget] = useState<StartTarget | null>(null);
  const [options, setOptions] = useState<StartOptions | null>(null);
  const { pending: loading, error: loadError, run, clearError } = useAction({ refresh: false });

  const load = (next: StartTarget) => {
    setTarget(next);
    run(
      () => getStartOptions(next),
      (loaded) => setOptions(loaded),
    );
  };
  const open = () => {
    setOptions(null);
    setTarget(null);
    clearError();
    dialog.current?.showModal();
    if (contactId) load({ contactId });
  };
  const close = () => dialog.current?.close();

  return (
    <>
      {trigger(open)}
      <dialog
        ref={dialog}
        aria-labelledby="start-conversation-title"
        className="m-auto w-[min(40rem,calc(100vw-2rem))] rounded-xl bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/30"
      >
        <div className="space-y-4 p-5">
          <div className="flex items-center justify-between gap-2">
            <h2 id="start-conversation-title" className="text-base font-semibold text-slate-900">
              {options ? t("title", { name: options.recipient.name ?? formatPhone(options.recipient.phone) }) : t("newConversation")}
            </h2>
            <button type="button" aria-label={t("close")} className="rounded-md p-1 text-slate-500 hover:bg-slate-100" onClick={close}>
              <X className="size-4" aria-hidden />
            </button>
          </div>
          {!options && !contactId && chooseRecipient?.(load, loadError, loading)}
          {!options &&
            contactId &&
            (loading ? <p className="text-sm text-slate-500">{t("loading")}</p> : <FormError message={loadError} />)}
          {options && target && (
            <Compose
              // A new recipient starts over.
              key={JSON.stringify(target)}
              options={options}
              target={target}
              onChangeRecipient={contactId ? undefined : () => setOptions(null)}
              onSent={close}
            />
          )}
        </div>
      </dialog>
    </>
  );
}

function Compose({
  options,
  target,
  onChangeRecipient,
  onSent,
}: {
  options: StartOptions;
  target: StartTarget;
  onChangeRecipient?: () => void;
  onSent: () => void;
}) {
  const t = useTranslations("outreach.start");
  const format = useFormatter();
  const router = useRouter();
  const { recipient, channels } = options;
  const usable = channels.filter((c) => c.status !== "disconnected");
  const [channelId, setChannelId] = useState(usable[0]?.id ?? "");
  const channel = usable.find((c) => c.id === channelId);

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        {t.rich("to", {
          name: recipient.name ?? t("newContact"),
          phone: formatPhone(recipient.phone),
          strong: (chunks) => <span className="font-medium text-slate-900">{chunks}</span>,
          number: (chunks) => <span className="tabular-nums">{chunks}</span>,
        })}
        {onChangeRecipient && (
          <button type="button" className="ml-2 text-xs font-medium text-brand-700 hover:underline" onClick={onChangeRecipient}>
            {t("change")}
          </button>
        )}
      </p>
      {recipient.optedOutAt && (
        <p role="status" className="flex gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200">
          <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
          {t("optedOut", { day: format.dateTime(new Date(recipient.optedOutAt), { dateStyle: "medium" }) })}
        </p>
      )}
      {usable.length === 0 ? (
        <p className="text-sm text-slate-600">
          {t.rich(channels.length === 0 ? "noNumber" : "allDisconnected", {
            link: (chunks) => (
              <Link href="/settings/whatsapp" className="font-medium text-brand-700 hover:underline">
                {chunks}
              </Link>
            ),
          })}
        </p>
      ) : (
        <>
          {usable.length > 1 && (
            <Field label={t("from")} htmlFor="start-channel">
              <Select id="start-channel" value={channelId} onChange={(e) => setChannelId(e.target.value)}>
                {usable.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {channel && (
            <MessageForm
              key={channel.id}
              channel={channel}
              fields={recipient.fields}
              send={(message, idempotencyKey) => startConversation({ channelId: channel.id, target, idempotencyKey, message })}
              onSent={(conversationId) => {
                onSent();
                router.push(`/inbox/${conversationId}`);
              }}
            />
          )}
        </>
      )}
    </div>
  );
}

type Message = Parameters<typeof startConversation>[0]["message"];

function MessageForm({
  channel,
  fields,
  send,
  onSent,
}: {
  channel: StartChannel;
  fields: StartOptions["recipient"]["fields"];
  send: (message: Message, idempotencyKey: string) => ReturnType<typeof startConversation>;
  onSent: (conversationId: string) => void;
}) {
  const t = useTranslations("outreach.start");
  const [mode, setMode] = useState<"template" | "text">("template");
  const [templateId, setTemplateId] = useState(channel.templates[0]?.id ?? "");
  const template = channel.templates.find((item) => item.id === templateId);
  const [values, setValues] = useState<Record<string, string>>(() => (template ? prefillValues(template.prefill, fields) : {}));
  const [text, setText] = useState("");
  // One key per message being composed: a double click or a retried request sends it once.
  const [idempotencyKey, setIdempotencyKey] = useState(newKey);
  const { pending, error, run } = useAction({ refresh: false });
  const filledFrom = fields.filter((f) => f.value);

  function pickTemplate(id: string) {
    setTemplateId(id);
    const next = channel.templates.find((item) => item.id === id);
    setValues(next ? prefillValues(next.prefill, fields) : {});
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const message: Message = mode === "text" ? { kind: "text", text } : { kind: "template", templateId, parameters: values };
    run(
      () => send(message, idempotencyKey),
      (started) => {
        setIdempotencyKey(newKey());
        onSent(started.conversationId);
      },
    );
  }

  const noTemplates = channel.templates.length === 0;
  return (
    <form onSubmit={submit} className="space-y-4" data-testid="start-conversation-form">
      {channel.windowOpen ? (
        <fieldset className="flex gap-1">
          <legend className="sr-only">{t("kind")}</legend>
          {(["template", "text"] as const).map((kind) => (
            <label
              key={kind}
              className={cn(
                "cursor-pointer rounded-full px-3 py-1 text-xs font-medium has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600",
                mode === kind ? "bg-brand-700 text-white" : "bg-slate-100 text-slate-600 hover:bg-slate-200",
              )}
            >
              <input type="radio" name="start-kind" className="sr-only" checked={mode === kind} onChange={() => setMode(kind)} />
              {t(`kinds.${kind}`)}
            </label>
          ))}
        </fieldset>
      ) : (
        <p className="text-xs text-slate-500">{channel.conversationId ? t("windowClosed") : t("neverWrote")}</p>
      )}
      {mode === "text" ? (
        <Field label={t("message")} htmlFor="start-text">
          <textarea
            id="start-text"
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={4}
            required
            className="block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-600 focus:outline-none"
          />
        </Field>
      ) : noTemplates ? (
        <p className="text-sm text-slate-600" role="status">
          {t.rich("noTemplates", {
            link: (chunks) => (
              <Link href="/templates" className="font-medium text-brand-700 hover:underline">
                {chunks}
              </Link>
            ),
          })}
        </p>
      ) : (
        <>
          <Field label={t("template")} htmlFor="start-template">
            <Select id="start-template" value={templateId} onChange={(e) => pickTemplate(e.target.value)}>
              {channel.templates.map((item) => (
                <option key={item.id} value={item.id}>
                  {t("templateOption", { name: item.name, language: item.language })}
                </option>
              ))}
            </Select>
          </Field>
          {template && template.parameters.length > 0 && (
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium text-slate-700">{t("parameters")}</legend>
              {template.parameters.map((slot) => {
                const key = slot.id;
                const inputId = `start-param-${key}`;
                const slotName = t("slot", { component: slot.component, key: slot.key });
                return (
                  <div key={key} className="grid grid-cols-[7rem_minmax(0,1fr)_9rem] items-center gap-2">
                    <label htmlFor={inputId} className="text-xs text-slate-600">
                      {slotName}
                    </label>
                    <Input
                      id={inputId}
                      value={values[key] ?? ""}
                      onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))}
                      placeholder={slot.example ? t("example", { example: slot.example }) : undefined}
                      required
                    />
                    <Select
                      aria-label={t("fillFrom", { slot: slotName })}
                      value=""
                      onChange={(e) => {
                        const field = filledFrom.find((f) => f.key === e.target.value);
                        if (field) setValues((v) => ({ ...v, [key]: field.value }));
                      }}
                    >
                      <option value="">{t("fillFromPlaceholder")}</option>
                      {filledFrom.map((f) => (
                        <option key={f.key} value={f.key}>
                          {f.label}
                        </option>
                      ))}
                    </Select>
                  </div>
                );
              })}
            </fieldset>
          )}
          {template && <TemplatePreview components={template.components} values={values} />}
        </>
      )}
      <FormError message={error} />
      <div className="flex justify-end">
        <Button type="submit" pending={pending} disabled={mode === "template" && !template}>
          <Send className="size-4" aria-hidden /> {t("submit")}
        </Button>
      </div>
    </form>
  );
}
