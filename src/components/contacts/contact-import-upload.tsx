"use client";

import { FileUp } from "lucide-react";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { uploadContactImport } from "@/app/actions/contact-imports";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { IMPORT_MAX_BYTES } from "@/lib/contact-import";

const MAX_MB = IMPORT_MAX_BYTES / 1024 / 1024;

/** Step 1: choose a CSV file; it is checked and stored, then the mapping step opens. */
export function ContactImportUpload() {
  const t = useTranslations("contacts.import.upload");
  const format = useFormatter();
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  // Success navigates to the mapping step; no refresh of this page.
  const action = useAction({ refresh: false });
  const { pending } = action;
  const error = tooLarge ?? action.error;

  function choose(chosen: File | null) {
    action.clearError();
    setTooLarge(chosen && chosen.size > IMPORT_MAX_BYTES ? t("tooLarge", { max: MAX_MB }) : null);
    setFile(chosen);
  }

  function upload() {
    if (!file || error) return;
    action.run(
      () => uploadContactImport({ file }),
      ({ id }) => router.push(`/contacts/import/${id}`),
    );
  }

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        upload();
      }}
    >
      <label
        htmlFor="import-file"
        className="flex cursor-pointer flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed border-slate-300 px-6 py-10 text-center hover:border-brand-500 hover:bg-brand-50/40 focus-within:border-brand-600"
        onDragOver={(event) => event.preventDefault()}
        onDrop={(event) => {
          event.preventDefault();
          choose(event.dataTransfer.files[0] ?? null);
        }}
      >
        <FileUp className="size-8 text-slate-400" aria-hidden />
        <span className="text-sm font-medium text-slate-800">{file ? file.name : t("choose")}</span>
        <span className="text-xs text-slate-500">
          {file
            ? format.number(Math.max(1, Math.round(file.size / 1024)), { style: "unit", unit: "kilobyte" })
            : t("hint", { max: MAX_MB })}
        </span>
        <input
          id="import-file"
          name="file"
          type="file"
          accept=".csv,text/csv,text/plain"
          aria-label={t("label")}
          className="sr-only"
          onChange={(event) => choose(event.target.files?.[0] ?? null)}
        />
      </label>
      <FormError message={error} />
      <div className="flex justify-end">
        <Button type="submit" pending={pending} disabled={!file || Boolean(error)}>
          {t("submit")}
        </Button>
      </div>
    </form>
  );
}
