"use client";

import { AlertTriangle, MessageSquareText, Paperclip } from "lucide-react";
import { useTranslations } from "next-intl";
import { type RefObject, useEffect, useRef } from "react";
import { cannedForConversation, recordCannedUse } from "@/app/actions/canned";
import { type CannedContext, type CannedOption, cannedAttachmentUrl, cannedQueryAt, fillCannedBody, matchCanned } from "@/lib/canned";
import { PickerList, type PickerView, useCaretPicker, usePickerListId } from "./caret-picker";

export { comboboxProps } from "./caret-picker";

type CannedData = { options: CannedOption[]; context: CannedContext };

/**
 * The `/code` picker of a composer's textarea: opens while a slash word is
 * typed at the caret, loads the member's canned responses and the
 * conversation's values once per conversation, and on choice replaces the
 * slash word with the filled text. The responses inserted since the last
 * send are counted (recordCannedUse) when the composer says a message was
 * sent: a use is a message that went out, not an insertion later deleted.
 * A response with a file hands the file to `attach` (the composer's
 * paperclip path) once fetched; none is fetched where `attach` is absent.
 */
export function useCannedPicker({
  conversationId,
  text,
  setText,
  textarea,
  attach,
  onAttachFailed,
}: {
  conversationId: string;
  text: string;
  setText: (text: string) => void;
  textarea: RefObject<HTMLTextAreaElement | null>;
  attach?: (file: File) => void;
  onAttachFailed: (message: string) => void;
}) {
  const t = useTranslations("inbox.canned");
  const inserted = useRef<string[]>([]);
  // A new conversation: forget what was inserted elsewhere.
  useEffect(() => {
    inserted.current = [];
  }, [conversationId]);

  const picker = useCaretPicker<CannedData, CannedOption>({
    conversationId,
    text,
    setText,
    textarea,
    queryAt: cannedQueryAt,
    load: () => cannedForConversation({ conversationId }),
    loadFailed: t("loadFailed"),
    match: (data, query) => matchCanned(data.options, query),
    insertion: (option, data) => fillCannedBody(option.body, data.context).text,
    onChoose: (option) => {
      inserted.current.push(option.id);
      if (attach) void attachCannedFile(option, attach).catch(() => onAttachFailed(t("attachFailed", { code: option.code })));
    },
  });

  /** After a successful send: the inserted responses count as used. */
  function onSent() {
    const ids = inserted.current;
    inserted.current = [];
    if (ids.length > 0) void recordCannedUse({ ids }).catch(() => undefined);
  }

  return { ...picker, onSent };
}

/** Fetches a chosen response's file (served under RLS) and hands it on as the picked file, with its saved name and type. */
export async function attachCannedFile(option: CannedOption, attach: (file: File) => void, fetchFile: typeof fetch = fetch) {
  if (!option.attachment) return;
  const response = await fetchFile(cannedAttachmentUrl(option.id, option.attachment));
  if (!response.ok) throw new Error(`canned attachment answered ${response.status}`);
  attach(new File([await response.blob()], option.attachment.name, { type: option.attachment.type }));
}

export type CannedPickerState = PickerView<CannedData, CannedOption>;

export function useCannedListId() {
  return usePickerListId("canned");
}

/** The list above the textarea: matching responses with a preview of the filled text of the highlighted one. */
export function CannedPicker({ picker, listId }: { picker: CannedPickerState; listId: string }) {
  const t = useTranslations("inbox.canned");
  const highlighted = picker.matches[picker.index];
  const preview = highlighted && picker.loaded?.status === "ready" ? fillCannedBody(highlighted.body, picker.loaded.context) : null;
  return (
    <PickerList
      picker={picker}
      listId={listId}
      label={t("label")}
      testId="canned-picker"
      loading={t("loading")}
      empty={(data) => (data.options.length === 0 ? t("none") : t("noMatch"))}
      renderOption={(option) => (
        <>
          <MessageSquareText className="size-4 shrink-0 text-slate-400" aria-hidden />
          <span className="font-mono text-xs text-slate-600">{option.code}</span>
          <span className="truncate text-slate-800">{option.title}</span>
          {option.attachment && <Paperclip className="ml-auto size-3.5 shrink-0 text-slate-400" aria-label={t("withFile")} />}
          {option.personal && (
            <span className={`${option.attachment ? "" : "ml-auto "}shrink-0 text-xs text-slate-500`}>{t("personal")}</span>
          )}
        </>
      )}
      footer={
        preview && (
          <div className="border-t border-slate-100 bg-slate-50 px-3 py-2 text-xs text-slate-600">
            <p className="line-clamp-3 whitespace-pre-wrap">{preview.text}</p>
            {preview.missing.length > 0 && (
              <p className="mt-1 flex items-center gap-1 text-amber-700">
                <AlertTriangle className="size-3.5 shrink-0" aria-hidden />
                {t("missing", { fields: preview.missing.map((m) => `{{${m}}}`).join(", ") })}
              </p>
            )}
          </div>
        )
      }
    />
  );
}
