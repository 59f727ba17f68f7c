"use client";

import { ArrowDown, ArrowUp, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { type ReactNode, useState } from "react";
import { createField, createStage, deleteField, deleteStage, reorderStages, updateStage } from "@/app/actions/contacts";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormError, Input, Select } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { CONTACT_FIELD_TYPES, type ContactField } from "@/lib/contact-fields";
import { type LeadStage, STAGE_TONES } from "@/lib/lead-status";

/** The "add one more" row under a list of stages or fields: a name, the caller's extra control, a button. */
function AddRow({
  name,
  placeholder,
  submitLabel,
  pending,
  onAdd,
  children,
}: {
  name: string;
  placeholder: string;
  submitLabel: string;
  pending: boolean;
  onAdd: (label: string, clear: () => void) => void;
  children: ReactNode;
}) {
  const [label, setLabel] = useState("");
  return (
    <form
      className="flex flex-wrap items-center gap-2 border-t border-slate-100 pt-3"
      onSubmit={(event) => {
        event.preventDefault();
        onAdd(label, () => setLabel(""));
      }}
    >
      <Input
        aria-label={name}
        placeholder={placeholder}
        value={label}
        onChange={(e) => setLabel(e.target.value)}
        required
        className="w-56 flex-1"
      />
      {children}
      <Button type="submit" pending={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}

function ToneSelect({
  id,
  value,
  onChange,
  disabled,
}: {
  id: string;
  value: string;
  onChange: (tone: LeadStage["tone"]) => void;
  disabled: boolean;
}) {
  const t = useTranslations("contacts.settings");
  return (
    <div className="w-28 shrink-0">
      <Select
        id={id}
        aria-label={t("colour")}
        value={value}
        onChange={(e) => onChange(e.target.value as LeadStage["tone"])}
        disabled={disabled}
      >
        {STAGE_TONES.map((tone) => (
          <option key={tone} value={tone}>
            {t(`tones.${tone}`)}
          </option>
        ))}
      </Select>
    </div>
  );
}

function StageRow({ stage, stages, index, canEdit }: { stage: LeadStage; stages: LeadStage[]; index: number; canEdit: boolean }) {
  const t = useTranslations("contacts.settings");
  const { pending, error, run } = useAction();
  const [label, setLabel] = useState(stage.label);
  const [removing, setRemoving] = useState(false);
  const others = stages.filter((s) => s.key !== stage.key);
  const [moveTo, setMoveTo] = useState(others[0]?.key ?? "");
  const move = (offset: number) => {
    const keys = stages.map((s) => s.key);
    keys.splice(index, 1);
    keys.splice(index + offset, 0, stage.key);
    run(() => reorderStages({ keys }));
  };
  return (
    <li className="space-y-2 py-3" data-testid="stage-row">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={stage.tone} className="w-24 justify-center truncate">
          {stage.label}
        </Badge>
        <Input
          aria-label={t("stageName", { stage: stage.label })}
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          disabled={!canEdit}
          className="w-44 flex-1"
        />
        <ToneSelect
          id={`tone-${stage.key}`}
          value={stage.tone}
          disabled={!canEdit || pending}
          onChange={(tone) => run(() => updateStage({ key: stage.key, tone }))}
        />
        {canEdit && (
          <div className="flex items-center gap-1">
            <Button
              size="sm"
              variant="secondary"
              disabled={pending || label.trim() === stage.label}
              onClick={() => run(() => updateStage({ key: stage.key, label }))}
            >
              {t("rename")}
            </Button>
            <Button
              size="sm"
              variant="ghost"
              aria-label={t("moveUp", { stage: stage.label })}
              disabled={pending || index === 0}
              onClick={() => move(-1)}
            >
              <ArrowUp className="size-4" aria-hidden />
            </Button>
            <Button
              size="sm"
              variant="ghost"
              aria-label={t("moveDown", { stage: stage.label })}
              disabled={pending || index === stages.length - 1}
              onClick={() => move(1)}
            >
              <ArrowDown className="size-4" aria-hidden />
            </Button>
            <Button
              size="sm"
              variant="ghost"
              aria-label={t("remove", { name: stage.label })}
              disabled={pending || others.length === 0}
              onClick={() => setRemoving(!removing)}
            >
              <Trash2 className="size-4" aria-hidden />
            </Button>
          </div>
        )}
      </div>
      {removing && (
        <div className="flex flex-wrap items-center gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          <label htmlFor={`move-${stage.key}`}>{t("moveContactsTo")}</label>
          <div className="w-40">
            <Select id={`move-${stage.key}`} value={moveTo} onChange={(e) => setMoveTo(e.target.value)}>
              {others.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.label}
                </option>
              ))}
            </Select>
          </div>
          <Button size="sm" variant="danger" pending={pending} onClick={() => run(() => deleteStage({ key: stage.key, moveTo }))}>
            {t("removeStage")}
          </Button>
        </div>
      )}
      <FormError message={error} />
    </li>
  );
}

export function StagesEditor({ stages, canEdit }: { stages: LeadStage[]; canEdit: boolean }) {
  const t = useTranslations("contacts.settings");
  const { pending, error, run } = useAction();
  const [tone, setTone] = useState<LeadStage["tone"]>("gray");
  return (
    <div className="space-y-3">
      <ul className="divide-y divide-slate-100">
        {stages.map((stage, index) => (
          <StageRow key={`${stage.key}:${stage.label}`} stage={stage} stages={stages} index={index} canEdit={canEdit} />
        ))}
      </ul>
      {canEdit && (
        <AddRow
          name={t("newStageName")}
          placeholder={t("newStagePlaceholder")}
          submitLabel={t("addStage")}
          pending={pending}
          onAdd={(label, clear) => run(() => createStage({ label, tone }), clear)}
        >
          <ToneSelect id="new-stage-tone" value={tone} onChange={setTone} disabled={false} />
        </AddRow>
      )}
      <FormError message={error} />
    </div>
  );
}

export function FieldsEditor({ fields, canEdit }: { fields: ContactField[]; canEdit: boolean }) {
  const t = useTranslations("contacts.settings");
  const { pending, error, run } = useAction();
  const [type, setType] = useState<ContactField["type"]>("text");
  return (
    <div className="space-y-3">
      {fields.length === 0 ? (
        <p className="text-sm text-slate-500">{t("noFields")}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {fields.map((field) => (
            <li key={field.key} className="flex items-center justify-between gap-2 py-2 text-sm">
              <span>
                <span className="font-medium text-slate-800">{field.label}</span>{" "}
                <span className="text-slate-500">· {t(`types.${field.type}`)}</span>
              </span>
              {canEdit && (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={t("remove", { name: field.label })}
                  disabled={pending}
                  onClick={() => run(() => deleteField({ key: field.key }))}
                >
                  <Trash2 className="size-4" aria-hidden />
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <AddRow
          name={t("newFieldName")}
          placeholder={t("newFieldPlaceholder")}
          submitLabel={t("addField")}
          pending={pending}
          onAdd={(label, clear) => run(() => createField({ label, type }), clear)}
        >
          <div className="w-32 shrink-0">
            <Select aria-label={t("fieldType")} value={type} onChange={(e) => setType(e.target.value as ContactField["type"])}>
              {CONTACT_FIELD_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`types.${type}`)}
                </option>
              ))}
            </Select>
          </div>
        </AddRow>
      )}
      <FormError message={error} />
    </div>
  );
}
