"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { getNotificationPreferences, setNotificationPreferences } from "@/app/actions/notifications";
import { Card } from "@/components/ui/card";
import {
  NOTIFICATION_KINDS,
  type NotificationChannels,
  type NotificationKind,
  type NotificationPreferences as Preferences,
} from "@/lib/notifications";
import { setPreferences } from "./notification-store";

/** Where a kind reaches the member, in the table's column order. */
const CHANNELS: (keyof NotificationChannels)[] = ["in_app", "browser", "sound"];

/**
 * The profile's "Notifications" section: for each kind, whether it is made
 * at all (the bell), shown by the browser while Conversa is in the
 * background, and played as a sound. Each change is saved at once.
 */
export function NotificationPreferences() {
  const t = useTranslations("notifications.preferences");
  const [preferences, setLocal] = useState<Preferences | null>(null);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);

  useEffect(() => {
    getNotificationPreferences({})
      .then((result) => (result.ok ? setLocal(result.data) : setStatus({ error: true, text: result.error.message })))
      .catch(() => setStatus({ error: true, text: t("loadFailed") }));
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
      setStatus({ error: false, text: t("saved") });
    } else {
      setLocal(before);
      setStatus({ error: true, text: result ? result.error.message : t("notSaved") });
    }
  }

  return (
    <div id="notifications" className="scroll-mt-4">
      <Card title={t("title")} description={t("description")}>
        {!preferences ? (
          <p className={status?.error ? "text-sm text-red-700" : "text-sm text-slate-500"} role={status?.error ? "alert" : undefined}>
            {status?.text ?? t("loading")}
          </p>
        ) : (
          <div className="space-y-3">
            <table className="w-full text-sm">
              <thead>
                <tr className="text-left text-xs text-slate-500">
                  <th scope="col" className="pb-2 font-medium">
                    {t("notifyMeOf")}
                  </th>
                  {CHANNELS.map((channel) => (
                    <th key={channel} scope="col" className="w-24 pb-2 text-center font-medium">
                      {t(`channels.${channel}`)}
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
                        <span className="block font-medium text-slate-900">{t(`kinds.${kind}.title`)}</span>
                        <span className="block text-xs text-slate-500">{t(`kinds.${kind}.description`)}</span>
                      </th>
                      {CHANNELS.map((channel) => (
                        <td key={channel} className="text-center">
                          <input
                            type="checkbox"
                            className="size-4 accent-brand-600"
                            aria-label={t("checkbox", { kind: t(`kinds.${kind}.title`), channel: t(`channels.${channel}`) })}
                            checked={channels[channel] && (channel === "in_app" || channels.in_app)}
                            // Without the notification itself there is nothing for the browser to show or to chime for.
                            disabled={channel !== "in_app" && !channels.in_app}
                            onChange={(e) => void change(kind, { ...channels, [channel]: e.target.checked })}
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
