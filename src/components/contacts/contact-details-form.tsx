"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { updateContact } from "@/app/actions/contacts";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import type { ContactField, CustomAttributeValue } from "@/lib/contact-fields";
import { formatPhone } from "@/lib/format";
import type { LeadStage } from "@/lib/lead-status";
import type { ContactDetail } from "@/server/contacts/queries";
import { ContactError } from "./contact-error";
import { MemberOptions, StageOptions } from "./options";
import { splitTags } from "./tags";

function CustomFieldInput({ field, value, error }: { field: ContactField; value: CustomAttributeValue | undefined; error?: string }) {
  const id = `field-${field.key}`;
  // Named by the action input's path (customAttributes.<key>), so a refusal about it lands here.
  const name = `customAttributes.${field.key}`;
  const t = useTranslations("contacts.details");
  if (field.type === "boolean") {
    return (
      <Field label={field.label} htmlFor={id} error={error}>
        <Select id={id} name={name} error={error} defaultValue={value === undefined ? "" : String(value)}>
          <option value="">—</option>
          <option value="true">{t("yes")}</option>
          <option value="false">{t("no")}</option>
        </Select>
      </Field>
    );
  }
  return (
    <Field label={field.label} htmlFor={id} error={error}>
      <Input
        id={id}
        name={name}
        error={error}
        // The other field types are input types of the same name.
        type={field.type}
        step={field.type === "number" ? "any" : undefined}
        defaultValue={value === undefined ? "" : String(value)}
      />
    </Field>
  );
}

/** The contact's editable details: the same canonical phone rules as ingestion, custom fields of the workspace. */
export function ContactDetailsForm(props: {
  contact: ContactDetail;
  stages: LeadStage[];
  fields: ContactField[];
  members: { id: string; name: string }[];
  country: string;
}) {
  const { contact } = props;
  const t = useTranslations("contacts.details");
  const tf = useTranslations("contacts.fields");
  const { pending, error, errorDetails, errorTechnical, fieldErrors, submit } = useAction();
  const [saved, setSaved] = useState(false);
  const save = submit(
    (data) => {
      const text = (name: string) => String(data.get(name) ?? "");
      return updateContact({
        contactId: contact.id,
        name: text("name") || null,
        phone: text("phone") || null,
        email: text("email"),
        leadStatus: text("leadStatus"),
        leadScore: Number(text("leadScore") || 0),
        ownerId: text("ownerId") || null,
        tags: splitTags(text("tags")),
        notes: text("notes") || null,
        customAttributes: Object.fromEntries(props.fields.map((f) => [f.key, text(`customAttributes.${f.key}`) || null])),
      });
    },
    () => setSaved(true),
  );

  // Two columns when its own box is wide enough (a container query): the contact page's card, not the inbox's side panel.
  return (
    <form
      aria-label={t("label")}
      className="@container space-y-4"
      onSubmit={(event) => {
        setSaved(false);
        save(event);
      }}
    >
      <div className="grid gap-4 @md:grid-cols-2">
        <Field error={fieldErrors.name} label={tf("name")} htmlFor="contact-name">
          <Input
            id="contact-name"
            name="name"
            error={fieldErrors.name}
            defaultValue={contact.name ?? ""}
            placeholder={contact.profile_name ?? ""}
          />
        </Field>
        <Field
          error={fieldErrors.phone}
          label={tf("whatsappNumber")}
          htmlFor="contact-phone"
          hint={t("phoneHint", { country: props.country })}
        >
          <Input id="contact-phone" name="phone" error={fieldErrors.phone} type="tel" defaultValue={formatPhone(contact.phone_e164)} />
        </Field>
        <Field error={fieldErrors.email} label={tf("email")} htmlFor="contact-email">
          <Input id="contact-email" name="email" error={fieldErrors.email} type="email" defaultValue={contact.email ?? ""} />
        </Field>
        <Field error={fieldErrors.leadStatus} label={tf("status")} htmlFor="contact-status">
          <Select id="contact-status" name="leadStatus" error={fieldErrors.leadStatus} defaultValue={contact.lead_status}>
            <StageOptions stages={props.stages} />
          </Select>
        </Field>
        <Field error={fieldErrors.ownerId} label={tf("owner")} htmlFor="contact-owner">
          <Select id="contact-owner" name="ownerId" error={fieldErrors.ownerId} defaultValue={contact.owner_id ?? ""}>
            <MemberOptions members={props.members} />
          </Select>
        </Field>
        <Field error={fieldErrors.leadScore} label={t("score")} htmlFor="contact-score" hint={t("scoreHint")}>
          <Input
            id="contact-score"
            name="leadScore"
            error={fieldErrors.leadScore}
            type="number"
            min={0}
            max={100}
            defaultValue={contact.lead_score}
          />
        </Field>
      </div>
      <Field error={fieldErrors.tags} label={tf("tags")} htmlFor="contact-tags" hint={tf("tagsHint")}>
        <Input id="contact-tags" name="tags" error={fieldErrors.tags} defaultValue={contact.tags.join(", ")} />
      </Field>
      {props.fields.length > 0 && (
        <fieldset className="grid gap-4 border-t border-slate-100 pt-4 @md:grid-cols-2">
          <legend className="sr-only">{t("customFields")}</legend>
          {props.fields.map((field) => (
            <CustomFieldInput
              key={field.key}
              field={field}
              value={contact.custom_attributes[field.key]}
              error={fieldErrors[`customAttributes.${field.key}`]}
            />
          ))}
        </fieldset>
      )}
      <Field label={t("notes")} htmlFor="contact-notes">
        <textarea
          id="contact-notes"
          name="notes"
          rows={3}
          defaultValue={contact.notes ?? ""}
          className="block w-full rounded-md border-0 px-3 py-2 text-sm shadow-xs ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-600 focus:outline-none"
        />
      </Field>
      <ContactError message={error} detail={errorTechnical} contactId={errorDetails?.contactId} />
      <div className="flex items-center justify-end gap-3">
        {saved && (
          <span role="status" className="text-sm text-brand-700">
            {t("saved")}
          </span>
        )}
        <Button type="submit" pending={pending}>
          {t("save")}
        </Button>
      </div>
    </form>
  );
}
