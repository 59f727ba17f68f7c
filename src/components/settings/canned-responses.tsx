"use client";

import { MessageSquareText, Paperclip, Pencil, Plus, Search, Trash2, X } from "lucide-react";
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

const fileSize = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

const VARIABLES =
  "{{contact.name}}, {{contact.first_name}}, {{contact.phone}}, {{contact.email}}, {{contact.<field key>}}, {{agent.name}}, {{agent.first_name}}, {{workspace.name}}";

/** The settings page: the member's usable responses, searchable, with a form to add or edit one. */
export function CannedResponses({ responses, canManageWorkspace }: { responses: CannedRow[]; canManageWorkspace: boolean }) {
  const [query, setQuery] = useState("");
  const [editing, setEditing] = useState<CannedRow | "new" | null>(null);
  const searchId = useId();
  const shown = matchCanned(responses, query.trim().replace(/^\//, ""));
  return (
    <>
      {editing ? (
        <Card title={editing === "new" ? "New canned response" : `Edit ${editing.code}`}>
          <CannedForm
            key={editing === "new" ? "new" : editing.id}
            response={editing === "new" ? null : editing}
            canManageWorkspace={canManageWorkspace}
            onDone={() => setEditing(null)}
          />
        </Card>
      ) : null}
      <Card
        title="Canned responses"
        description="Type / and a code in the composer to insert one. Workspace-wide responses are shared with every member; personal ones only you see."
      >
        <div className="mb-4 flex flex-wrap items-center gap-2">
          <label htmlFor={searchId} className="sr-only">
            Search canned responses
          </label>
          <div className="relative min-w-48 flex-1">
            <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-400" aria-hidden />
            <Input
              id={searchId}
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="Search by code or title"
              className="pl-8"
            />
          </div>
          {editing === null && (
            <Button type="button" onClick={() => setEditing("new")}>
              <Plus className="size-4" aria-hidden /> New response
            </Button>
          )}
        </div>
        {responses.length === 0 ? (
          <EmptyState icon={MessageSquareText} title="No canned responses yet">
            Save the answers you give often, then insert them in a conversation by typing / and their code.
          </EmptyState>
        ) : shown.length === 0 ? (
          <p className="py-6 text-center text-sm text-slate-500">No canned response matches “{query}”.</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Canned responses">
            {shown.map((response) => (
              <li key={response.id} className="flex items-start gap-3 py-3" data-testid="canned-row">
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-baseline gap-2 text-sm">
                    <span className="font-mono text-slate-700">{response.code}</span>
                    <span className="font-medium text-slate-900">{response.title}</span>
                    <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">
                      {response.personal ? "Personal" : "Workspace"}
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
                  <p className="mt-1 text-xs text-slate-500">
                    Used {response.usageCount} time{response.usageCount === 1 ? "" : "s"}
                  </p>
                </div>
                {(response.personal || canManageWorkspace) && (
                  <div className="flex shrink-0 gap-2">
                    <Button
                      type="button"
                      variant="secondary"
                      size="sm"
                      onClick={() => setEditing(response)}
                      aria-label={`Edit ${response.code}`}
                    >
                      <Pencil className="size-3.5" aria-hidden />
                    </Button>
                    <ConfirmButton
                      size="sm"
                      aria-label={`Delete ${response.code}`}
                      title={`Delete ${response.code}?`}
                      description={
                        response.personal
                          ? "Your personal response is deleted. Messages already sent keep their text."
                          : "It is deleted for every member of the workspace. Messages already sent keep their text."
                      }
                      confirmLabel="Delete"
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
  const { pending, error, fieldErrors, submit } = useAction();
  const [fileProblem, setFileProblem] = useState<string | null>(null);
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
        <Field label="Code" htmlFor={`${id}-code`} hint="Typed after / in the composer">
          <Input id={`${id}-code`} name="code" required defaultValue={response?.code ?? "/"} maxLength={33} autoComplete="off" />
        </Field>
        <Field label="Title" htmlFor={`${id}-title`}>
          <Input id={`${id}-title`} name="title" required defaultValue={response?.title} maxLength={CANNED_TITLE_MAX} />
        </Field>
      </div>
      <Field label="Text" htmlFor={`${id}-body`} hint={`Variables filled on insert: ${VARIABLES}`}>
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
        label={response?.attachment ? "Replace the file" : "File (optional)"}
        htmlFor={`${id}-file`}
        hint="Attached to the reply when the response is chosen. A type WhatsApp accepts: images, video, audio, PDF and office documents."
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
            setFileProblem(chosen ? mediaProblem(chosen.type, chosen.size) : null);
          }}
        />
      </Field>
      {!savedId && (
        <fieldset className="space-y-1.5">
          <legend className="text-sm font-medium text-slate-700">Who can use it</legend>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="radio" name="scope" value="personal" defaultChecked={!canManageWorkspace} /> Only me
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="radio" name="scope" value="workspace" defaultChecked={canManageWorkspace} disabled={!canManageWorkspace} />{" "}
            Everyone in the workspace{!canManageWorkspace && " (admins only)"}
          </label>
        </fieldset>
      )}
      <FormError message={fieldErrors.file ? null : error} />
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" pending={pending} disabled={fileProblem !== null}>
          {response ? "Save" : "Add response"}
        </Button>
      </div>
    </form>
  );
}

/** A response's file in the list: its name and size, and a way to take it off. */
function AttachmentLine({ responseId, attachment, removable }: { responseId: string; attachment: CannedAttachment; removable: boolean }) {
  const { pending, error, run } = useAction();
  return (
    <div className="mt-1 text-xs text-slate-600">
      <p className="flex items-center gap-1.5" data-testid="canned-attachment">
        <Paperclip className="size-3.5 shrink-0 text-slate-400" aria-hidden />
        <span className="truncate">{attachment.name}</span>
        <span className="shrink-0 text-slate-500">· {fileSize(attachment.size)}</span>
        {removable && (
          <Button
            type="button"
            variant="ghost"
            size="sm"
            pending={pending}
            onClick={() => run(() => removeCannedAttachment({ id: responseId }))}
            aria-label={`Remove the file ${attachment.name}`}
          >
            <X className="size-3.5" aria-hidden />
          </Button>
        )}
      </p>
      <FormError message={error} />
    </div>
  );
}
