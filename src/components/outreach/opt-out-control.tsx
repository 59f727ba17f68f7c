"use client";

import { BellOff, BellRing } from "lucide-react";
import { useState } from "react";
import { setContactOptOut } from "@/app/actions/outreach";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { OptOutBadge } from "./opt-out-badge";

const HOW: Record<string, string> = {
  keyword: "They wrote a stop word",
  button: "They tapped an opt-out button",
  admin: "An admin opted them out",
  api: "Opted out through the API",
};

/**
 * A contact's opt-out on their page: whether they receive broadcasts, why
 * not, and for admins the switch (audited). The inbox works either way.
 */
export function OptOutControl({
  contactId,
  optedOutAt,
  source,
  reason,
  canEdit,
}: {
  contactId: string;
  optedOutAt: string | null;
  source: string | null;
  reason: string | null;
  canEdit: boolean;
}) {
  const { pending, error, run } = useAction();
  const [note, setNote] = useState("");
  const set = (optedOut: boolean) => run(() => setContactOptOut({ contactId, optedOut, reason: optedOut ? note : null }));

  if (optedOutAt) {
    return (
      <div className="space-y-3 text-sm" data-testid="opt-out">
        <OptOutBadge optedOutAt={optedOutAt} />
        <p className="text-slate-600">
          {HOW[source ?? ""] ?? "Opted out"}
          {reason ? ` (“${reason}”)` : ""}. Broadcasts skip them; you can still write to them one-to-one.
        </p>
        <FormError message={error} />
        {canEdit && (
          <Button variant="secondary" size="sm" pending={pending} onClick={() => set(false)}>
            <BellRing className="size-3.5" aria-hidden /> Opt back in to broadcasts
          </Button>
        )}
      </div>
    );
  }
  return (
    <div className="space-y-3 text-sm" data-testid="opt-out">
      <p className="text-slate-600">Receives broadcasts. Writing a stop word or tapping a template's opt-out button stops them.</p>
      {canEdit && (
        <form
          className="flex items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            set(true);
          }}
        >
          <div className="min-w-0 flex-1">
            <Field label="Why (optional)" htmlFor="opt-out-note">
              <Input
                id="opt-out-note"
                value={note}
                maxLength={200}
                onChange={(e) => setNote(e.target.value)}
                placeholder="Asked by phone"
              />
            </Field>
          </div>
          <Button type="submit" variant="secondary" pending={pending}>
            <BellOff className="size-4" aria-hidden /> Opt out of broadcasts
          </Button>
        </form>
      )}
      <FormError message={error} />
    </div>
  );
}
