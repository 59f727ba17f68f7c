"use client";

import { useEffect, useState } from "react";
import { getNotificationPreferences, setNotificationPreferences } from "@/app/actions/notifications";
import { Card } from "@/components/ui/card";
import {
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  type NotificationChannels,
  type NotificationKind,
  type NotificationPreferences as Preferences,
} from "@/lib/notifications";
import { setPreferences } from "./notification-store";

const CHANNELS: { key: keyof NotificationChannels; label: string }[] = [
  { key: "in_app", label: "In Conversa" },
  { key: "browser", label: "Browser" },
  { key: "sound", label: "Sound" },
];

/**
 * The profile's "Notifications" section: for each kind, whether it is made
 * at all (the bell), shown by the browser while Conversa is in the
 * background, and played as a sound. Each change is saved at once.
 */
export function NotificationPreferences() {
  const [preferences, setLocal] = useState<Preferences | null>(null);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);

  useEffect(() => {
    getNotificationPreferences({})
      .then((result) => (result.ok ? setLocal(result.data) : setStatus({ error: true, text: result.error.message })))
      .catch(() => setStatus({ error: true, text: "Your notification settings could not be loaded." }));
  }, []);

  async function change(kind: NotificationKind, channels: NotificationChannels) {
    if (!preferences) return;
    const before = preferences;
    setLocal({ ...preferences, [kind]: channels });
    setStatus(null);
    const result = await setNotificationPreferences({ kind, ...channels }).catch(() => null);
    if (result?.ok) {
      setLocal(result.data);
      setPreferences(result.data);
      setStatus({ error: false, text: "Saved." });
    } else {
      setLocal(before);
      setStatus({ error: true, text: result ? result.error.message : "Not saved: Conversa could not be reached." });
    }
  }

  return (
    <div id="notifications" className="scroll-mt-4">
      <Card
        title="Notifications"
        description="What reaches you, and how. Browser notifications show while Conversa is in the background, once you turn them on from the bell."
      >
        {!preferences ? (
          <p className={status?.error ? "text-sm text-red-700" : "text-sm text-slate-500"} role={status?.error ? "alert" : undefined}>
            {status?.text ?? "Loading…"}
          </p>
        ) : (
          <div className="space-y-3">
            <table className="w-full text-sm">
              <thead>
                <tr className="text-left text-xs text-slate-500">
                  <th scope="col" className="pb-2 font-medium">
                    Notify me of
                  </th>
                  {CHANNELS.map((c) => (
                    <th key={c.key} scope="col" className="w-24 pb-2 text-center font-medium">
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {NOTIFICATION_KINDS.map((kind) => {
                  const channels = preferences[kind];
                  return (
                    <tr key={kind}>
                      <th scope="row" className="py-2.5 pr-3 text-left font-normal">
                        <span className="block font-medium text-slate-900">{NOTIFICATION_KIND_LABELS[kind].title}</span>
                        <span className="block text-xs text-slate-500">{NOTIFICATION_KIND_LABELS[kind].description}</span>
                      </th>
                      {CHANNELS.map((c) => (
                        <td key={c.key} className="text-center">
                          <input
                            type="checkbox"
                            className="size-4 accent-brand-600"
                            aria-label={`${NOTIFICATION_KIND_LABELS[kind].title}: ${c.label}`}
                            checked={channels[c.key] && (c.key === "in_app" || channels.in_app)}
                            // Without the notification itself there is nothing for the browser to show or to chime for.
                            disabled={c.key !== "in_app" && !channels.in_app}
                            onChange={(e) => void change(kind, { ...channels, [c.key]: e.target.checked })}
                          />
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {status && (
              <p className={status.error ? "text-sm text-red-700" : "text-sm text-slate-500"} role={status.error ? "alert" : "status"}>
                {status.text}
              </p>
            )}
          </div>
        )}
      </Card>
    </div>
  );
}
