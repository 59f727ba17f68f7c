"use client";

import { useState } from "react";
import { createApiKey, revokeApiKey } from "@/app/actions/api-keys";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { ShownOnce } from "@/components/ui/shown-once";
import { field, useAction } from "@/components/ui/use-action";

export function CreateApiKeyForm() {
  const { pending, error, errorTechnical, fieldErrors, submit } = useAction();
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        setCreated(null);
        submit(
          (data) => createApiKey({ name: field(data, "name"), scope: data.get("scope") === "write" ? "write" : "read" }),
          (key, form) => {
            setCreated(key);
            form.reset();
          },
        )(event);
      }}
    >
      <div className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-end">
        <Field error={fieldErrors.name} label="Name" htmlFor="api-key-name">
          <Input id="api-key-name" name="name" error={fieldErrors.name} required maxLength={80} placeholder="Shop backend" />
        </Field>
        <Field error={fieldErrors.scope} label="Scope" htmlFor="api-key-scope">
          <Select id="api-key-scope" name="scope" error={fieldErrors.scope} defaultValue="read">
            <option value="read">Read</option>
            <option value="write">Read and write</option>
          </Select>
        </Field>
        <Button type="submit" pending={pending}>
          Create key
        </Button>
      </div>
      <FormError message={error} detail={errorTechnical} />
      {created && (
        <ShownOnce value={created.key} testId="new-api-key">
          Copy the key of <strong>{created.name}</strong> now: it is shown only this once.
        </ShownOnce>
      )}
    </form>
  );
}

export interface ApiKeyItem {
  id: string;
  name: string;
  prefix: string;
  scope: "read" | "write";
  createdBy: string;
  created: string;
  lastUsed: string;
  revoked: string | null;
}

export function ApiKeyList({ keys }: { keys: ApiKeyItem[] }) {
  if (keys.length === 0) return <p className="text-sm text-slate-500">No API keys yet.</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {keys.map((key) => (
        <li key={key.id} className="flex flex-wrap items-center gap-3 py-3" data-testid="api-key-row">
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium text-slate-900">
              {key.name} <code className="ml-1 font-mono text-xs text-slate-500">{key.prefix}…</code>
            </p>
            <p className="truncate text-xs text-slate-500">
              Created {key.created} by {key.createdBy} · last used {key.lastUsed}
              {key.revoked && ` · revoked ${key.revoked}`}
            </p>
          </div>
          <Badge tone={key.scope === "write" ? "violet" : "gray"}>{key.scope === "write" ? "Read and write" : "Read"}</Badge>
          {key.revoked ? (
            <Badge tone="red">Revoked</Badge>
          ) : (
            <ConfirmButton
              size="sm"
              aria-label={`Revoke ${key.name}`}
              title={`Revoke “${key.name}”?`}
              description="Requests with this key are refused at once. Whatever uses it stops working until it gets a new key."
              confirmLabel="Revoke key"
              action={() => revokeApiKey({ keyId: key.id })}
            >
              Revoke
            </ConfirmButton>
          )}
        </li>
      ))}
    </ul>
  );
}
