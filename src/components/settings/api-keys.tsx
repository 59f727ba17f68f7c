"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { createApiKey, revokeApiKey } from "@/app/actions/api-keys";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { ShownOnce } from "@/components/ui/shown-once";
import { field, useAction } from "@/components/ui/use-action";

export function CreateApiKeyForm() {
  const t = useTranslations("developers.keys");
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
        <Field error={fieldErrors.name} label={t("name")} htmlFor="api-key-name">
          <Input id="api-key-name" name="name" error={fieldErrors.name} required maxLength={80} placeholder={t("namePlaceholder")} />
        </Field>
        <Field error={fieldErrors.scope} label={t("scope")} htmlFor="api-key-scope">
          <Select id="api-key-scope" name="scope" error={fieldErrors.scope} defaultValue="read">
            <option value="read">{t("read")}</option>
            <option value="write">{t("readWrite")}</option>
          </Select>
        </Field>
        <Button type="submit" pending={pending}>
          {t("create")}
        </Button>
      </div>
      <FormError message={error} detail={errorTechnical} />
      {created && (
        <ShownOnce value={created.key} testId="new-api-key">
          {t.rich("shownOnce", { name: created.name, strong: (chunks) => <strong>{chunks}</strong> })}
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
  /** Relative times, already formatted in the reader's language; null: never used, not revoked. */
  created: string;
  lastUsed: string | null;
  revoked: string | null;
}

export function ApiKeyList({ keys }: { keys: ApiKeyItem[] }) {
  const t = useTranslations("developers.keys");
  if (keys.length === 0) return <p className="text-sm text-slate-500">{t("empty")}</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {keys.map((key) => (
        <li key={key.id} className="flex flex-wrap items-center gap-3 py-3" data-testid="api-key-row">
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium text-slate-900">
              {key.name} <code className="ml-1 font-mono text-xs text-slate-500">{key.prefix}…</code>
            </p>
            <p className="truncate text-xs text-slate-500">
              {key.revoked ? t("metaRevoked", { ...meta(key), revoked: key.revoked }) : t("meta", meta(key))}
            </p>
          </div>
          <Badge tone={key.scope === "write" ? "violet" : "gray"}>{key.scope === "write" ? t("readWrite") : t("read")}</Badge>
          {key.revoked ? (
            <Badge tone="red">{t("revoked")}</Badge>
          ) : (
            <ConfirmButton
              size="sm"
              aria-label={t("revokeLabel", { name: key.name })}
              title={t("revokeTitle", { name: key.name })}
              description={t("revokeDescription")}
              confirmLabel={t("revokeConfirm")}
              action={() => revokeApiKey({ keyId: key.id })}
            >
              {t("revoke")}
            </ConfirmButton>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The arguments of a key's "Created … · last used …" line. */
const meta = (key: ApiKeyItem) => ({
  created: key.created,
  createdBy: key.createdBy,
  used: key.lastUsed ? "yes" : "no",
  lastUsed: key.lastUsed ?? "",
});
