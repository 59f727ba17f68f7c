"use client";

import { AlertTriangle, Send, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useRef, useState } from "react";
import { getStartOptions, startConversation } from "@/app/actions/outreach";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { formatPhone } from "@/lib/format";
import { prefillValues } from "@/lib/template-prefill";
import type { StartChannel, StartOptions, StartTarget } from "@/server/inbox/start-conversation";
import { optedOutDay } from "./opt-out-badge";
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
              {options ? `Message ${options.recipient.name ?? formatPhone(options.recipient.phone)}` : "New conversation"}
            </h2>
            <button type="button" aria-label="Close" className="rounded-md p-1 text-slate-500 hover:bg-slate-100" onClick={close}>
              <X className="size-4" aria-hidden />
            </button>
          </div>
          {!options && !contactId && chooseRecipient?.(load, loadError, loading)}
          {!options && contactId && (loading ? <p className="text-sm text-slate-500">Loading…</p> : <FormError message={loadError} />)}
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
  const router = useRouter();
  const { recipient, channels } = options;
  const usable = channels.filter((c) => c.status !== "disconnected");
  const [channelId, setChannelId] = useState(usable[0]?.id ?? "");
  const channel = usable.find((c) => c.id === channelId);

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        To <span className="font-medium text-slate-900">{recipient.name ?? "a new contact"}</span>{" "}
        <span className="tabular-nums">{formatPhone(recipient.phone)}</span>
        {onChangeRecipient && (
          <button type="button" className="ml-2 text-xs font-medium text-brand-700 hover:underline" onClick={onChangeRecipient}>
            Change
          </button>
        )}
      </p>
      {recipient.optedOutAt && (
        <p role="status" className="flex gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200">
          <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
          They opted out of broadcasts on {optedOutDay(recipient.optedOutAt)}. You can still write to them one-to-one, but send only what
          they asked for.
        </p>
      )}
      {usable.length === 0 ? (
        <p className="text-sm text-slate-600">
          {channels.length === 0
            ? "This workspace has no WhatsApp number yet."
            : "Every WhatsApp number of this workspace is disconnected."}{" "}
          An admin can connect one in{" "}
          <Link href="/settings/whatsapp" className="font-medium text-brand-700 hover:underline">
            Settings → WhatsApp numbers
          </Link>
          .
        </p>
      ) : (
        <>
          {usable.length > 1 && (
            <Field label="From WhatsApp number" htmlFor="start-channel">
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
  const [mode, setMode] = useState<"template" | "text">("template");
  const [templateId, setTemplateId] = useState(channel.templates[0]?.id ?? "");
  const template = channel.templates.find((t) => t.id === templateId);
  const [values, setValues] = useState<Record<string, string>>(() => (template ? prefillValues(template.prefill, fields) : {}));
  const [text, setText] = useState("");
  // One key per message being composed: a double click or a retried request sends it once.
  const [idempotencyKey, setIdempotencyKey] = useState(newKey);
  const { pending, error, run } = useAction({ refresh: false });
  const filledFrom = fields.filter((f) => f.value);

  function pickTemplate(id: string) {
    setTemplateId(id);
    const next = channel.templates.find((t) => t.id === id);
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
          <legend className="sr-only">Message kind</legend>
          {(["template", "text"] as const).map((kind) => (
            <label
              key={kind}
              className={cn(
                "cursor-pointer rounded-full px-3 py-1 text-xs font-medium has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600",
                mode === kind ? "bg-brand-700 text-white" : "bg-slate-100 text-slate-600 hover:bg-slate-200",
              )}
            >
              <input type="radio" name="start-kind" className="sr-only" checked={mode === kind} onChange={() => setMode(kind)} />
              {kind === "template" ? "Template" : "Message"}
            </label>
          ))}
        </fieldset>
      ) : (
        <p className="text-xs text-slate-500">
          {channel.conversationId
            ? "The customer has not written to this number in the last 24 hours"
            : "The customer has not written to this number yet"}
          , so WhatsApp only allows an approved template.
        </p>
      )}
      {mode === "text" ? (
        <Field label="Message" htmlFor="start-text">
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
          This number has no approved templates yet.{" "}
          <Link href="/templates" className="font-medium text-brand-700 hover:underline">
            Create one in Templates
          </Link>
          ; it can be used once Meta approves it.
        </p>
      ) : (
        <>
          <Field label="Template" htmlFor="start-template">
            <Select id="start-template" value={templateId} onChange={(e) => pickTemplate(e.target.value)}>
              {channel.templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} ({t.language})
                </option>
              ))}
            </Select>
          </Field>
          {template && template.parameters.length > 0 && (
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium text-slate-700">Parameters</legend>
              {template.parameters.map((slot) => {
                const key = slot.id;
                const inputId = `start-param-${key}`;
                return (
                  <div key={key} className="grid grid-cols-[7rem_minmax(0,1fr)_9rem] items-center gap-2">
                    <label htmlFor={inputId} className="text-xs text-slate-600">
                      {slot.component} {`{{${slot.key}}}`}
                    </label>
                    <Input
                      id={inputId}
                      value={values[key] ?? ""}
                      onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))}
                      placeholder={slot.example ? `e.g. ${slot.example}` : undefined}
                      required
                    />
                    <Select
                      aria-label={`Fill ${slot.component} {{${slot.key}}} from`}
                      value=""
                      onChange={(e) => {
                        const field = filledFrom.find((f) => f.key === e.target.value);
                        if (field) setValues((v) => ({ ...v, [key]: field.value }));
                      }}
                    >
                      <option value="">Fill from…</option>
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
          <Send className="size-4" aria-hidden /> Send
        </Button>
      </div>
    </form>
  );
}
