"use client";

import { AtSign } from "lucide-react";
import { useTranslations } from "next-intl";
import type { RefObject } from "react";
import { mentionableMembers } from "@/app/actions/notifications";
import { useStoredState } from "@/components/ui/use-stored-state";
import { type ChosenMention, matchMembers, mentionQueryAt, mentionsStillIn } from "@/lib/mentions";
import { PickerList, type PickerView, useCaretPicker, usePickerListId } from "./caret-picker";

type Member = { id: string; name: string };
type MentionData = { members: Member[] };

const noMentions = (mentions: ChosenMention[]) => mentions.length === 0;

/**
 * The `@name` picker of the note composer: the members who can see this
 * conversation (the server decides), filtered by what follows the `@`. It
 * remembers whom each inserted `@name` stands for, so the note is sent with
 * their ids (the text alone could not tell two members of one name apart).
 */
export function useMentionPicker({
  conversationId,
  text,
  setText,
  textarea,
  enabled,
}: {
  conversationId: string;
  text: string;
  setText: (text: string) => void;
  textarea: RefObject<HTMLTextAreaElement | null>;
  enabled: boolean;
}) {
  const t = useTranslations("inbox.mentions");
  // Kept with the draft's text (per conversation, in this browser), so a reloaded draft still mentions them.
  const [chosen, setChosen] = useStoredState<ChosenMention[]>(`conversa:draft:${conversationId}:mentions`, [], noMentions);

  const picker = useCaretPicker<MentionData, Member>({
    conversationId,
    text,
    setText,
    textarea,
    enabled,
    queryAt: mentionQueryAt,
    load: () => mentionableMembers({ conversationId }),
    loadFailed: t("loadFailed"),
    match: (data, query) => matchMembers(data.members, query),
    insertion: (member) => `@${member.name} `,
    onChoose: (member) =>
      setChosen((current) =>
        current.some((c) => c.userId === member.id) ? current : [...current, { userId: member.id, name: member.name }],
      ),
  });

  return {
    ...picker,
    /** The members inserted since the last send (the server keeps those whose `@name` is still in the text). */
    mentions: () => chosen,
    onSent: () => setChosen([]),
    /** The agent edited the text: forget members whose `@name` is gone from it. */
    edited: (next: string) =>
      setChosen((current) => {
        const kept = mentionsStillIn(next, current);
        return kept.length === current.length ? current : kept;
      }),
  };
}

export function useMentionListId() {
  return usePickerListId("mention");
}

export function MentionPicker({ picker, listId }: { picker: PickerView<MentionData, Member>; listId: string }) {
  const t = useTranslations("inbox.mentions");
  return (
    <PickerList
      picker={picker}
      listId={listId}
      label={t("label")}
      testId="mention-picker"
      loading={t("loading")}
      empty={(data) => (data.members.length === 0 ? t("nobody") : t("noMatch"))}
      renderOption={(member) => (
        <>
          <AtSign className="size-4 shrink-0 text-slate-400" aria-hidden />
          <span className="truncate text-slate-800">{member.name}</span>
        </>
      )}
    />
  );
}
