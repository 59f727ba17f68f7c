"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { heartbeat, setMyAvailability } from "@/app/actions/teams";
import { AvailabilityDot } from "@/components/ui/availability-dot";
import { useAction } from "@/components/ui/use-action";
import { AVAILABILITIES, type Availability } from "@/lib/availability";

/** Matches HEARTBEAT_SECONDS on the server: a member silent for five of these counts as offline. */
const HEARTBEAT_MS = 60_000;

/**
 * The signed-in agent's availability in the sidebar's footer (online
 * members get conversations from auto-assigning teams), and the heartbeat
 * that tells the server a tab is open: with the browser closed for a few
 * minutes they count as offline, and as what they chose again when they come back.
 */
export function AvailabilityControl({ initial }: { initial: Availability }) {
  const t = useTranslations("common");
  const tShell = useTranslations("shell");
  const id = useId();
  const [availability, setAvailability] = useState(initial);
  // What the server has: shown again when a change is refused.
  const [saved, setSaved] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const { pending, run } = useAction({
    refresh: false,
    onError: (message) => {
      setError(message);
      setAvailability(saved);
    },
  });

  useEffect(() => {
    const beat = () => void heartbeat({});
    beat();
    const timer = setInterval(beat, HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, []);

  return (
    <div className="px-2.5 pb-1">
      <label htmlFor={id} className="sr-only">
        {tShell("availability.label")}
      </label>
      <div className="flex items-center gap-2">
        <AvailabilityDot availability={availability} />
        <select
          id={id}
          value={availability}
          disabled={pending}
          onChange={(e) => {
            const next = e.target.value as Availability;
            setError(null);
            setAvailability(next);
            run(
              () => setMyAvailability({ availability: next }),
              () => setSaved(next),
            );
          }}
          className="min-w-0 flex-1 rounded-md border-0 bg-transparent py-1 pr-7 pl-1 text-xs text-slate-700 hover:bg-slate-100"
        >
          {AVAILABILITIES.map((value) => (
            <option key={value} value={value}>
              {t(`availability.${value}`)}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p role="alert" className="mt-1 text-xs text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}
