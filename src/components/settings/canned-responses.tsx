"use client";

import { MessageSquareText, Paperclip, Pencil, Plus, Search, Trash2, X } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";
import {
  createCannedResponse,
  deleteCannedResponse,
  removeCannedAttachment,
  updateCannedResponse,
  uploadCannedAttachment,
} from "@/app/actions/canned";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, FormError, Input } from "@/components/ui/field";
import { field, useAction } from "@/components/ui/use-action";
import { useMediaProblemText } from "@/components/ui/use-media-problem";
import { CANNED_BODY_MAX, CANNED_TITLE_MAX, type CannedAttachment, matchCanned } from "@/lib/canned";
import { ACCEPTED_MIME_TYPES, mediaProblem } from "@/lib/whatsapp-media";
import type { Result } from "@/server/errors";

export interface CannedRow {
  id: string;
  code: string;
  title: string;
  body: string;
  personal: boolean;
  usageCount: number;
  attachment: CannedAttachment | null;
}

/** The variables a response may use, as typed; a custom field's one names its key in the reader's words. */
const variables = (fieldKey: string) =>
  [
    "{{contact.name}}",
    "{{contact.first_name}}",
    "{{contact.phone}}",
    "{{contact.email}}",
    `{{contact.<${fieldKey}>}}`,
    "{{agent.name}}",
    "{{agent.first_name}}",
    "{{workspace.name}}",
  ].join(", ");

/** The settings page: the member's usable responses, searchable, with a form to add or edit one. */
export function CannedResponses({ responses, canManageWorkspace }: { responses: CannedRow[]; canManageWorkspace: boolean }) {
  const t = useTranslations("settings.canned");
  const [query, setQuery] = useState("");
  const [editing, setEditing] = useState<CannedRow | "new" | null>(null);
  const searchId = useId();
  const shown = matchCanned(responses, query.trim().replace(/^\//, ""));
  return (
    <>
      {editing ? (
        <Card title={editing === "new" ? t("newTitle") : t("editTitle", { code: editing.code })}>
          <CannedForm
            key={editing === "new" ? "new" : editing.id}
            response={editing === "new" ? null : editing}
            canManageWorkspace={canManageWorkspace}
            onDone={() => setEditing(null)}
          />
        </Card>
      ) : null}
      <Card title={t("title")} description={t("description")}>
        <div className="mb-4 flex flex-wrap items-center gap-2">
          <label htmlFor={searchId} className="sr-only">
            {t("searchLabel")}
          </label>
          <div className="relative min-w-48 flex-1">
            <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-400" aria-hidden />
            <Input
              id={searchId}
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder={t("searchPlaceholder")}
              className="pl-8"
            />
          </div>
          {editing === null && (
            <Button type="button" onClick={() => setEditing("new")}>
              <Plus className="size-4" aria-hidden /> {t("new")}
            </Button>
          )}
        </div>
        {responses.length === 0 ? (
          <EmptyState icon={MessageSquareText} title={t("emptyTitle")}>
            {t("emptyBody")}
          </EmptyState>
        ) : shown.length === 0 ? (
          <p className="py-6 text-center text-sm text-slate-500">{t("noMatch", { query })}</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label={t("list")}>
            {shown.map((response) => (
              <li key={response.id} className="flex items-start gap-3 py-3" data-testid="canned-row">
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-baseline gap-2 text-sm">
                    <span className="font-mono text-slate-700">{response.code}</span>
                    <span className="font-medium text-slate-900">{response.title}</span>
                    <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">
                      {response.personal ? t("personal") : t("workspace")}
                    </span>
                  </p>
                  <p className="mt-1 line-clamp-2 whitespace-pre-wrap text-sm text-slate-600">{response.body}</p>
                  {response.attachment && (
                    <AttachmentLine
                      responseId={response.id}
                      attachment={response.attachment}
                      removable={response.personal || canManageWorkspace}
                    />
                  )}
                  <p className="mt-1 text-xs text-slate-500">{t("used", { count: response.usageCount })}</p>
                </div>
                {(response.personal || canManageWorkspace) && (
                  <div className="flex shrink-0 gap-2">
                    <Button
                      type="button"
                      variant="secondary"
                      size="sm"
                      onClick={() => setEditing(response)}
                      aria-label={t("editLabel", { code: response.code })}
                    >
                      <Pencil className="size-3.5" aria-hidden />
                    </Button>
                    <ConfirmButton
                      size="sm"
                      aria-label={t("deleteLabel", { code: response.code })}
                      title={t("deleteTitle", { code: response.code })}
                      description={response.personal ? t("deletePersonal") : t("deleteWorkspace")}
                      confirmLabel={t("delete")}
                      action={() => deleteCannedResponse({ id: response.id })}
                    >
                      <Trash2 className="size-3.5" aria-hidden />
                    </ConfirmButton>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

function CannedForm({
  response,
  canManageWorkspace,
  onDone,
}: {
  response: CannedRow | null;
  canManageWorkspace: boolean;
  onDone: () => void;
}) {
  const t = useTranslations("settings.canned");
  const { pending, error, fieldErrors, submit } = useAction();
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const mediaProblemText = useMediaProblemText();
  const id = useId();
  // Once created, the response is edited: a file refused after the text was saved must not create it twice.
  const [savedId, setSavedId] = useState(response?.id ?? null);
  const save = async (data: FormData): Promise<Result<null>> => {
    const fields = { code: field(data, "code"), title: field(data, "title"), body: field(data, "body") };
    let responseId = savedId;
    if (responseId) {
      const updated = await updateCannedResponse({ id: responseId, ...fields });
      if (!updated.ok) return updated;
    } else {
      const created = await createCannedResponse({ ...fields, personal: !canManageWorkspace || field(data, "scope") === "personal" });
      if (!created.ok) return created;
      responseId = created.data.id;
      setSavedId(responseId);
    }
    const file = data.get("file");
    // The text is saved first: the file belongs to a response that exists (the server checks its bytes again).
    if (!(file instanceof File) || file.size === 0) return { ok: true, data: null };
    return uploadCannedAttachment({ id: responseId, file });
  };
  return (
    <form onSubmit={submit(save, onDone)} className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
        <Field label={t("code")} htmlFor={`${id}-code`} hint={t("codeHint")}>
          <Input id={`${id}-code`} name="code" required defaultValue={response?.code ?? "/"} maxLength={33} autoComplete="off" />
        </Field>
        <Field label={t("titleField")} htmlFor={`${id}-title`}>
          <Input id={`${id}-title`} name="title" required defaultValue={response?.title} maxLength={CANNED_TITLE_MAX} />
        </Field>
      </div>
      <Field label={t("text")} htmlFor={`${id}-body`} hint={t("variables", { variables: variables(t("fieldKey")) })}>
        <textarea
          id={`${id}-body`}
          name="body"
          required
          rows={4}
          maxLength={CANNED_BODY_MAX}
          defaultValue={response?.body}
          className="block w-full rounded-md border-0 px-3 py-2 text-sm shadow-xs ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-600 focus:outline-none"
        />
      </Field>
      <Field
        label={response?.attachment ? t("replaceFile") : t("file")}
        htmlFor={`${id}-file`}
        hint={t("fileHint")}
        error={fileProblem ?? fieldErrors.file}
      >
        <Input
          id={`${id}-file`}
          name="file"
          type="file"
          accept={ACCEPTED_MIME_TYPES.join(",")}
          error={fileProblem ?? fieldErrors.file}
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            const problem = chosen && mediaProblem(chosen.type, chosen.size);
            setFileProblem(problem ? mediaProblemText(problem) : null);
          }}
        />
      </Field>
      {!savedId && (
        <fieldset className="space-y-1.5">
          <legend className="text-sm font-medium text-slate-700">{t("scope")}</legend>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="radio" name="scope" value="personal" defaultChecked={!canManageWorkspace} /> {t("onlyMe")}
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="radio" name="scope" value="workspace" defaultChecked={canManageWorkspace} disabled={!canManageWorkspace} />{" "}
            {canManageWorkspace ? t("everyone") : t("everyoneAdminsOnly")}
          </label>
        </fieldset>
      )}
      <FormError message={fieldErrors.file ? null : error} />
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onDone}>
          {t("cancel")}
        </Button>
        <Button type="submit" pending={pending} disabled={fileProblem !== null}>
          {response ? t("save") : t("add")}
        </Button>
      </div>
    </form>
  );
}

/** A response's file in the list: its name and size, and a way to take it off. */
function AttachmentLine({ responseId, attachment, removable }: { responseId: string; attachment: CannedAttachment; removable: boolean }) {
  const t = useTranslations("settings.canned");
  const format = useFormatter();
  const { pending, error, run } = useAction();
  // One decimal in megabytes; whole kilobytes (at least 1) below a megabyte.
  const size =
    attachment.size >= 1024 * 1024
      ? t("megabytes", { size: format.number(attachment.size / 1024 / 1024, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })
      : t("kilobytes", { size: format.number(Math.max(1, Math.round(attachment.size / 1024))) });
  return (
    <div className="mt-1 text-xs text-slate-600">
      <p className="flex items-center gap-1.5" data-testid="canned-attachment">
        <Paperclip className="size-3.5 shrink-0 text-slate-400" aria-hidden />
        <span className="truncate">{attachment.name}</span>
        <span className="shrink-0 text-slate-500">· {size}</span>
        {removable && (
          <Button
            type="button"
            variant="ghost"
            size="sm"
            pending={pending}
            onClick={() => run(() => removeCannedAttachment({ id: responseId }))}
            aria-label={t("removeFile", { name: attachment.name })}
          >
            <X className="size-3.5" aria-hidden />
          </Button>
        )}
      </p>
      <FormError message={error} />
    </div>
  );
}
