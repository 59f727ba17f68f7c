"use client";

import { useId, useState } from "react";
import { Card } from "@/components/ui/card";
import { Field, FormError, FormStatus, Select } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import type { Result } from "@/server/errors";

interface PreferenceCardProps {
  texts: { title: string; description: string; label: string; saved: string };
  /** The options, the one for "no choice of mine" (follow the browser, the system) first: its value is `noChoice`. */
  options: { value: string; label: string; lang?: string }[];
  noChoice: string;
  chosen: string | null;
  save: (value: string | null) => Promise<Result<unknown>>;
}

/** One personal preference picked from a list (language, theme): saved on change, and the page follows at once. */
export function PreferenceCard({ texts, options, noChoice, chosen, save }: PreferenceCardProps) {
  const id = useId();
  const [saved, setSaved] = useState(false);
  const { pending, error, submit } = useAction();
  return (
    <Card title={texts.title} description={texts.description}>
      <form
        onChange={(event) => event.currentTarget.requestSubmit()}
        onSubmit={submit(
          (data) => {
            const value = String(data.get("preference") ?? noChoice);
            setSaved(false);
            return save(value === noChoice ? null : value);
          },
          () => setSaved(true),
        )}
        className="space-y-4"
      >
        <Field label={texts.label} htmlFor={`${id}-preference`}>
          <Select id={`${id}-preference`} name="preference" defaultValue={chosen ?? noChoice} disabled={pending}>
            {options.map((option) => (
              <option key={option.value} value={option.value} lang={option.lang}>
                {option.label}
              </option>
            ))}
          </Select>
        </Field>
        <FormError message={error} />
        <FormStatus message={saved ? texts.saved : null} />
      </form>
    </Card>
  );
}
