"use client";

import { Plus, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef } from "react";
import { createContact } from "@/app/actions/contacts";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { field, useAction } from "@/components/ui/use-action";
import type { LeadStage } from "@/lib/lead-status";
import { ContactError } from "./contact-error";
import { MemberOptions, StageOptions } from "./options";
import { splitTags } from "./tags";

/** "New contact": a dialog; a taken number says whose it is and links there. */
export function NewContactButton({
  stages,
  members,
  country,
}: {
  stages: LeadStage[];
  members: { id: string; name: string }[];
  country: string;
}) {
  const t = useTranslations("contacts.new");
  const tf = useTranslations("contacts.fields");
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const { pending, error, errorDetails, errorTechnical, fieldErrors, submit, clearError } = useAction({ refresh: false });
  const create = submit(
    (data) =>
      createContact({
        phone: field(data, "phone"),
        name: field(data, "name") || null,
        email: field(data, "email"),
        leadStatus: String(data.get("leadStatus") ?? stages[0]?.key),
        ownerId: field(data, "ownerId") || null,
        tags: splitTags(field(data, "tags")),
      }),
    (contact) => {
      dialog.current?.close();
      router.push(`/contacts/${contact.id}`);
    },
  );

  return (
    <>
      <Button onClick={() => dialog.current?.showModal()}>
        <Plus className="size-4" aria-hidden /> {t("title")}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="new-contact-title"
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-xl bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/30"
        onClose={clearError}
      >
        <form className="space-y-4 p-5" onSubmit={create}>
          <div className="flex items-center justify-between">
            <h2 id="new-contact-title" className="text-base font-semibold text-slate-900">
              {t("title")}
            </h2>
            <button
              type="button"
              aria-label={t("close")}
              className="rounded-md p-1 text-slate-500 hover:bg-slate-100"
              onClick={() => dialog.current?.close()}
            >
              <X className="size-4" aria-hidden />
            </button>
          </div>
          <Field error={fieldErrors.phone} label={tf("whatsappNumber")} htmlFor="new-contact-phone" hint={t("phoneHint", { country })}>
            <Input
              id="new-contact-phone"
              name="phone"
              error={fieldErrors.phone}
              type="tel"
              required
              autoComplete="off"
              placeholder={t("phonePlaceholder")}
            />
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field error={fieldErrors.name} label={tf("name")} htmlFor="new-contact-name">
              <Input id="new-contact-name" name="name" error={fieldErrors.name} autoComplete="off" />
            </Field>
            <Field error={fieldErrors.email} label={tf("email")} htmlFor="new-contact-email">
              <Input id="new-contact-email" name="email" error={fieldErrors.email} type="email" autoComplete="off" />
            </Field>
            <Field error={fieldErrors.leadStatus} label={tf("status")} htmlFor="new-contact-status">
              <Select id="new-contact-status" name="leadStatus" error={fieldErrors.leadStatus} defaultValue={stages[0]?.key}>
                <StageOptions stages={stages} />
              </Select>
            </Field>
            <Field error={fieldErrors.ownerId} label={tf("owner")} htmlFor="new-contact-owner">
              <Select id="new-contact-owner" name="ownerId" error={fieldErrors.ownerId} defaultValue="">
                <MemberOptions members={members} />
              </Select>
            </Field>
          </div>
          <Field error={fieldErrors.tags} label={tf("tags")} htmlFor="new-contact-tags" hint={tf("tagsHint")}>
            <Input id="new-contact-tags" name="tags" error={fieldErrors.tags} autoComplete="off" />
          </Field>
          <ContactError
            message={error}
            detail={errorTechnical}
            contactId={errorDetails?.contactId}
            onNavigate={() => dialog.current?.close()}
          />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()}>
              {t("cancel")}
            </Button>
            <Button type="submit" pending={pending}>
              {t("create")}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
