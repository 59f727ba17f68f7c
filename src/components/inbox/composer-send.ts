import type { ChosenMention } from "@/lib/mentions";
import type { ApprovedTemplate } from "@/server/inbox/queries";
import type { DisplayMessage } from "./message-bubble";

/** What the composer asks to send: the composer and its template picker build it, useSends delivers it. */
export type ComposerSend =
  | { kind: "text"; text: string; replyTo: DisplayMessage | null }
  | { kind: "note"; text: string; mentions: ChosenMention[] }
  | { kind: "attachment"; file: File; caption: string }
  | { kind: "template"; template: ApprovedTemplate; parameters: Record<string, string> };
