"use client";

import { Pencil, Tag } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { createLabel, deleteLabel, updateLabel } from "@/app/actions/labels";
import { LabelChip, LabelDot } from "@/components/inbox/label-chip";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, FormError, Input } from "@/components/ui/field";
import { field, useAction } from "@/components/ui/use-action";
import { LABEL_COLORS, type LabelColor } from "@/lib/label-colors";
import type { Label } from "@/server/inbox/labels";

/** Settings → Labels: the workspace's conversation labels; admins create, edit and delete them. */
export function LabelSettings({ labels, canManage }: { labels: Label[]; canManage: boolean }) {
  const t = useTranslations("settings.labels");
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div className="space-y-5">
      {canManage && <LabelForm key={`new:${labels.length}`} submitLabel={t("create")} />}
      {labels.length === 0 ? (
        <EmptyState icon={Tag} title={t("emptyTitle")}>
          {canManage ? t("emptyManage") : t("emptyReadOnly")}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label={t("list")}>
          {labels.map((label) =>
            editing === label.id ? (
              <li key={label.id} className="py-3">
                <LabelForm label={label} submitLabel={t("save")} onDone={() => setEditing(null)} />
              </li>
            ) : (
              <li key={label.id} className="flex flex-wrap items-center gap-3 py-3" data-testid="label-row">
                <LabelChip name={label.name} color={label.color} className="text-xs" />
                <p className="min-w-0 flex-1 truncate text-sm text-slate-500">{label.description}</p>
                {canManage && (
                  <>
                    <Button
                      size="sm"
                      variant="secondary"
                      onClick={() => setEditing(label.id)}
                      aria-label={t("editLabel", { name: label.name })}
                    >
                      <Pencil className="size-3.5" aria-hidden /> {t("edit")}
                    </Button>
                    <ConfirmButton
                      size="sm"
                      aria-label={t("deleteLabel", { name: label.name })}
                      title={t("deleteTitle", { name: label.name })}
                      description={t("deleteDescription")}
                      confirmLabel={t("deleteConfirm")}
                      action={() => deleteLabel({ labelId: label.id })}
                    >
                      {t("delete")}
                    </ConfirmButton>
                  </>
                )}
              </li>
            ),
          )}
        </ul>
      )}
    </div>
  );
}

function LabelForm({ label, submitLabel, onDone }: { label?: Label; submitLabel: string; onDone?: () => void }) {
  const t = useTranslations("settings.labels");
  const { pending, error, submit } = useAction();
  const [color, setColor] = useState<LabelColor>(label?.color ?? "blue");
  const prefix = label ? `label-${label.id}` : "label-new";
  const save = submit(
    (form) => {
      const input = { name: field(form, "name"), color, description: field(form, "description") };
      return label ? updateLabel({ ...input, labelId: label.id }) : createLabel(input);
    },
    (_, form) => {
      if (!label) form.reset();
      onDone?.();
    },
  );
  return (
    <form onSubmit={save} className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t("name")} htmlFor={`${prefix}-name`}>
          <Input id={`${prefix}-name`} name="name" required maxLength={50} defaultValue={label?.name} placeholder={t("namePlaceholder")} />
        </Field>
        <Field label={t("descriptionField")} htmlFor={`${prefix}-description`} hint={t("descriptionHint")}>
          <Input id={`${prefix}-description`} name="description" maxLength={200} defaultValue={label?.description ?? ""} />
        </Field>
      </div>
      <fieldset>
        <legend className="mb-1.5 text-sm font-medium text-slate-700">{t("colour")}</legend>
        <div className="flex flex-wrap gap-1.5">
          {LABEL_COLORS.map((c) => (
            <label key={c} className="cursor-pointer rounded-full p-1 ring-brand-600 has-checked:ring-2 has-focus-visible:ring-2">
              <input type="radio" name="color" value={c} checked={color === c} onChange={() => setColor(c)} className="sr-only" />
              <LabelDot color={c} className="size-5" />
              <span className="sr-only">{t(`colours.${c}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <FormError message={error} />
      <div className="flex justify-end gap-2">
        {onDone && (
          <Button type="button" variant="secondary" onClick={onDone}>
            {t("cancel")}
          </Button>
        )}
        <Button type="submit" pending={pending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
