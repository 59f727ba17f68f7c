"use client";

import { useTranslations } from "next-intl";
import { type ReactNode, useId, useRef } from "react";
import type { Result } from "@/server/errors";
import { Button, type ButtonProps } from "./button";
import { FormError } from "./field";
import { useAction } from "./use-action";

interface ConfirmButtonProps<T> extends Pick<ButtonProps, "size" | "disabled" | "aria-label"> {
  /** The button's content, e.g. an icon and "Delete". */
  children: ReactNode;
  /** The question, e.g. "Delete this contact?". */
  title: string;
  /** What happens, said plainly: what is lost, who notices, whether it can be undone. */
  description: ReactNode;
  /** The confirming button's label, e.g. "Delete contact". */
  confirmLabel: string;
  action: () => Promise<Result<T>>;
  /** After success, once the dialog has closed; the page's data is refreshed after it. */
  onDone?: (data: T) => void;
}

/**
 * A danger button for a change that cannot be taken back: it first asks in
 * a modal dialog that says what will happen, then runs the action, keeping
 * the dialog open with the error if it fails.
 */
export function ConfirmButton<T>({
  children,
  title,
  description,
  confirmLabel,
  action,
  onDone,
  size,
  disabled,
  "aria-label": ariaLabel,
}: ConfirmButtonProps<T>) {
  const t = useTranslations("common");
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { pending, error, run, clearError } = useAction();
  const confirm = () =>
    run(action, (data) => {
      dialog.current?.close();
      onDone?.(data);
    });
  return (
    <>
      <Button variant="danger" size={size} disabled={disabled} aria-label={ariaLabel} onClick={() => dialog.current?.showModal()}>
        {children}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/30"
        onClose={clearError}
      >
        <div className="space-y-4 p-5">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          <div className="text-sm text-slate-600">{description}</div>
          <FormError message={error} />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()} autoFocus>
              {t("cancel")}
            </Button>
            <Button type="button" variant="danger" pending={pending} onClick={confirm}>
              {confirmLabel}
            </Button>
          </div>
        </div>
      </dialog>
    </>
  );
}
