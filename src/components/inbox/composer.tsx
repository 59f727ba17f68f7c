"use client";

import { Paperclip, Send, Smile, StickyNote, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useMediaProblemText } from "@/components/ui/use-media-problem";
import { useStoredState } from "@/components/ui/use-stored-state";
import type { ChosenMention } from "@/lib/mentions";
import { ACCEPTED_MIME_TYPES, MAX_TEXT_LENGTH, mediaProblem } from "@/lib/whatsapp-media";
import { windowClosesAt } from "@/lib/whatsapp-window";
import type { ApprovedTemplate } from "@/server/inbox/queries";
import { CannedPicker, comboboxProps, useCannedListId, useCannedPicker } from "./canned-picker";
import { pastedFile, useComposerShortcuts } from "./composer-keys";
import type { ComposerSend } from "./composer-send";
import { MentionPicker, useMentionListId, useMentionPicker } from "./mention-picker";
import type { DisplayMessage } from "./message-bubble";
import { TemplatePicker } from "./template-picker";
import { useNow } from "./use-now";

/** Resolves to an error message to show, or null when the message was queued. */
type OnSend = (send: ComposerSend) => Promise<string | null>;
type Mode = "reply" | "note";

const EMOJIS = "😀 😂 😊 😍 🙏 👍 👌 🙌 🎉 ❤️ 🔥 ✅ 😅 😢 😮 🤔 👋 💪 🚚 📦 💳 🕒 📍 ⭐".split(" ");

/** The time left in the window, whole hours and minutes. */
function remaining(closes: Date, now: Date): { hours: number; minutes: number } {
  const minutes = Math.max(0, Math.floor((closes.getTime() - now.getTime()) / 60_000));
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

/** Why WhatsApp would refuse this file (its rules in src/lib/whatsapp-media.ts), in the reader's language; null when it is fine. */
/**
 * Writes replies the way WhatsApp allows them: free text (and files) while
 * the customer's 24-hour window is open, with the time left shown; only
 * approved templates after it closes. Notes are always possible.
 */
export function Composer({
  conversationId,
  lastCustomerMessageAt,
  templates,
  replyTo,
  onCancelReply,
  onSend,
}: {
  conversationId: string;
  lastCustomerMessageAt: string | null;
  templates: ApprovedTemplate[];
  replyTo: DisplayMessage | null;
  onCancelReply: () => void;
  onSend: OnSend;
}) {
  const t = useTranslations("inbox.composer");
  const now = useNow(15_000);
  const closes = windowClosesAt(lastCustomerMessageAt);
  const windowOpen = closes !== null && closes.getTime() > now.getTime();
  const [mode, setMode] = useState<Mode>("reply");
  // The draft outlives switching modes (and the template picker in between).
  const draft = useDraft(conversationId, mode, replyTo, onSend);
  const writingNote = mode === "note";
  const root = useRef<HTMLDivElement>(null);
  useComposerShortcuts(root, setMode);

  return (
    <div ref={root} className="border-t border-slate-200 bg-white">
      <div className="flex items-center gap-1 px-3 pt-2 text-xs" role="tablist" aria-label={t("mode")}>
        <ModeTabs mode={mode} onMode={setMode} />
        <span className="ml-auto text-right text-slate-500" data-testid="window-state">
          {closes === null
            ? t("notWrittenYet")
            : windowOpen
              ? remaining(closes, now).hours > 0
                ? t("windowOpenHours", remaining(closes, now))
                : t("windowOpenMinutes", remaining(closes, now))
              : t("windowClosed")}
        </span>
      </div>
      {!writingNote && !windowOpen ? (
        <TemplatePicker conversationId={conversationId} initialTemplates={templates} onSend={onSend} />
      ) : (
        <ReplyForm
          conversationId={conversationId}
          draft={draft}
          writingNote={writingNote}
          replyTo={replyTo}
          onCancelReply={onCancelReply}
        />
      )}
      {draft.error && (
        <p role="alert" className="mx-3 mb-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {draft.error}
        </p>
      )}
    </div>
  );
}

function ModeTabs({ mode, onMode }: { mode: Mode; onMode: (mode: Mode) => void }) {
  const t = useTranslations("inbox.composer");
  return (["reply", "note"] as const).map((m) => (
    <button
      key={m}
      type="button"
      role="tab"
      aria-selected={mode === m}
      onClick={() => onMode(m)}
      className={cn(
        "whitespace-nowrap rounded-md px-2.5 py-1 font-medium",
        mode === m ? (m === "note" ? "bg-amber-100 text-amber-800" : "bg-slate-100 text-slate-900") : "text-slate-500 hover:text-slate-800",
      )}
    >
      {m === "reply" ? t("reply") : t("note")}
    </button>
  ));
}

const noText = (text: string) => text === "";

/**
 * What is being written (text, an attached file) and sending it as a reply,
 * a file with caption, or a note. The text is kept per conversation in this
 * browser until it is sent, so a reload or a crash does not lose it.
 */
function useDraft(conversationId: string, mode: Mode, replyTo: DisplayMessage | null, onSend: OnSend) {
  const t = useTranslations("inbox.composer");
  const mediaProblemText = useMediaProblemText();
  const [text, setText] = useStoredState<string>(`conversa:draft:${conversationId}`, "", noText);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);

  /** Resolves to whether the message was sent. */
  async function submit(event?: FormEvent, mentions: ChosenMention[] = []): Promise<boolean> {
    event?.preventDefault();
    const trimmed = text.trim();
    if (sending || (!trimmed && !file)) return false;
    setSending(true);
    setError(null);
    const problem = await onSend(
      mode === "note"
        ? { kind: "note", text: trimmed, mentions }
        : file
          ? { kind: "attachment", file, caption: trimmed }
          : { kind: "text", text: trimmed, replyTo },
    ).catch(() => t("pageFailed"));
    setSending(false);
    if (problem) {
      setError(problem);
      return false;
    }
    setText("");
    setFile(null);
    textarea.current?.focus();
    return true;
  }

  function pickFile(picked: File | undefined) {
    if (!picked) return;
    const problem = mediaProblem(picked.type, picked.size);
    if (problem) {
      setError(mediaProblemText(problem));
      return;
    }
    setError(null);
    setFile(picked);
  }

  return { text, setText, file, setFile, error, setError, sending, submit, pickFile, textarea };
}

function ReplyForm({
  conversationId,
  draft,
  writingNote,
  replyTo,
  onCancelReply,
}: {
  conversationId: string;
  draft: ReturnType<typeof useDraft>;
  writingNote: boolean;
  replyTo: DisplayMessage | null;
  onCancelReply: () => void;
}) {
  const { text, setText, file, setFile, setError, sending, submit, pickFile, textarea } = draft;
  const t = useTranslations("inbox.composer");
  const fileInput = useRef<HTMLInputElement>(null);
  // A chosen response's file is attached as if picked with the paperclip (notes carry text only).
  const canned = useCannedPicker({
    conversationId,
    text,
    setText,
    textarea,
    attach: writingNote ? undefined : pickFile,
    onAttachFailed: setError,
  });
  const cannedList = useCannedListId();
  const mention = useMentionPicker({ conversationId, text, setText, textarea, enabled: writingNote });
  const mentionList = useMentionListId();

  async function send(event?: FormEvent) {
    if (await submit(event, writingNote ? mention.mentions() : [])) {
      canned.onSent();
      mention.onSent();
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing) return;
    if (canned.onKeyDown(event) || mention.onKeyDown(event)) {
      event.preventDefault();
      return;
    }
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      void send();
    }
  }

  return (
    <form onSubmit={send} className="relative space-y-2 p-3">
      <CannedPicker picker={canned} listId={cannedList} />
      <MentionPicker picker={mention} listId={mentionList} />
      {replyTo && !writingNote && <ReplyingTo message={replyTo} onCancel={onCancelReply} />}
      {file && <AttachmentChip file={file} onRemove={() => setFile(null)} />}
      <div
        className={cn(
          "flex items-end gap-2 rounded-lg p-1.5 ring-1",
          writingNote ? "bg-amber-50 ring-amber-200" : "bg-white ring-slate-300 focus-within:ring-2 focus-within:ring-brand-600",
        )}
      >
        {!writingNote && (
          <>
            <EmojiPicker
              onPick={(emoji) => {
                setText((t) => `${t}${emoji}`);
                textarea.current?.focus();
              }}
            />
            <button
              type="button"
              onClick={() => fileInput.current?.click()}
              aria-label={t("attach")}
              className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100"
            >
              <Paperclip className="size-5" />
            </button>
            <input
              ref={fileInput}
              type="file"
              className="hidden"
              accept={ACCEPTED_MIME_TYPES.join(",")}
              onChange={(e) => {
                pickFile(e.target.files?.[0]);
                e.target.value = "";
              }}
              data-testid="attach-input"
            />
          </>
        )}
        <textarea
          ref={textarea}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            mention.edited(e.target.value);
            canned.trackCaret(e.target);
            mention.trackCaret(e.target);
          }}
          onSelect={(e) => {
            canned.trackCaret(e.currentTarget);
            mention.trackCaret(e.currentTarget);
          }}
          onKeyDown={onKeyDown}
          onPaste={(e) => {
            // A pasted image or file is attached, as if chosen with the paperclip (notes carry text only).
            const pasted = pastedFile(e);
            if (!pasted || writingNote) return;
            e.preventDefault();
            pickFile(pasted);
          }}
          {...(mention.open ? comboboxProps(mention, mentionList) : comboboxProps(canned, cannedList))}
          rows={1}
          maxLength={MAX_TEXT_LENGTH}
          placeholder={writingNote ? t("notePlaceholder") : file ? t("captionPlaceholder") : t("messagePlaceholder")}
          aria-label={writingNote ? t("note") : t("message")}
          className="max-h-40 min-h-9 flex-1 resize-none border-0 bg-transparent px-1 py-1.5 text-sm focus:outline-none field-sizing-content"
        />
        <Button type="submit" pending={sending} disabled={!text.trim() && !file} aria-label={writingNote ? t("addNote") : t("send")}>
          {writingNote ? <StickyNote className="size-4" aria-hidden /> : <Send className="size-4" aria-hidden />}
        </Button>
      </div>
      {text.length > MAX_TEXT_LENGTH - 200 && (
        <p className="text-right text-xs text-slate-500">{t("length", { length: text.length, max: MAX_TEXT_LENGTH })}</p>
      )}
    </form>
  );
}

function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const t = useTranslations("inbox.composer");
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const closeOnEscape = (event: globalThis.KeyboardEvent) => event.key === "Escape" && setOpen(false);
    document.addEventListener("keydown", closeOnEscape);
    return () => document.removeEventListener("keydown", closeOnEscape);
  }, [open]);
  return (
    <div className="relative">
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-label={t("emoji")}
        aria-expanded={open}
        className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100"
      >
        <Smile className="size-5" />
      </button>
      {open && (
        <div className="absolute bottom-10 left-0 z-10 grid w-64 grid-cols-8 gap-1 rounded-lg bg-white p-2 shadow-lg ring-1 ring-slate-200">
          {EMOJIS.map((emoji) => (
            <button
              key={emoji}
              type="button"
              className="rounded p-1 text-lg hover:bg-slate-100"
              onClick={() => {
                setOpen(false);
                onPick(emoji);
              }}
            >
              {emoji}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** The message being answered, above the text box. */
function ReplyingTo({ message, onCancel }: { message: DisplayMessage; onCancel: () => void }) {
  const t = useTranslations("inbox.composer");
  return (
    <div className="flex items-start gap-2 rounded-md border-l-4 border-emerald-500 bg-slate-50 px-3 py-1.5 text-xs">
      <div className="min-w-0 flex-1">
        <p className="font-semibold text-slate-700">
          {message.direction === "inbound" ? t("replyingToCustomer") : t("replyingToYourself")}
        </p>
        <p className="truncate text-slate-500">{message.body ?? `(${message.type})`}</p>
      </div>
      <button type="button" onClick={onCancel} aria-label={t("cancelReply")} className="text-slate-400 hover:text-slate-700">
        <X className="size-4" />
      </button>
    </div>
  );
}

function AttachmentChip({ file, onRemove }: { file: File; onRemove: () => void }) {
  const t = useTranslations("inbox.composer");
  return (
    <div className="flex items-center gap-2 rounded-md bg-slate-50 px-3 py-1.5 text-xs text-slate-700">
      <Paperclip className="size-3.5" aria-hidden />
      <span className="min-w-0 flex-1 truncate">
        {t("attachment", { name: file.name, size: Math.max(1, Math.round(file.size / 1024)) })}
      </span>
      <button type="button" onClick={onRemove} aria-label={t("removeAttachment")} className="text-slate-400 hover:text-slate-700">
        <X className="size-4" />
      </button>
    </div>
  );
}
