"use client";

import { MessageSquareText, Pencil, Plus, Search, Trash2 } from "lucide-react";
import { useId, useState } from "react";
import { createCannedResponse, deleteCannedResponse, updateCannedResponse } from "@/app/actions/canned";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, FormError, Input } from "@/components/ui/field";
import { field, useAction } from "@/components/ui/use-action";
import { CANNED_BODY_MAX, CANNED_TITLE_MAX, matchCanned } from "@/lib/canned";

export interface CannedRow {
  id: string;
  code: string;
  title: string;
  body: string;
  personal: boolean;
  usageCount: number;
}

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
  const { pending, error, submit } = useAction();
  const id = useId();
  const save = (data: FormData) => {
    const fields = { code: field(data, "code"), title: field(data, "title"), body: field(data, "body") };
    return response
      ? updateCannedResponse({ id: response.id, ...fields })
      : createCannedResponse({ ...fields, personal: !canManageWorkspace || field(data, "scope") === "personal" });
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
      {!response && (
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
      <FormError message={error} />
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" pending={pending}>
          {response ? "Save" : "Add response"}
        </Button>
      </div>
    </form>
  );
}
