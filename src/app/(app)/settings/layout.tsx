import type { ReactNode } from "react";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/ui/page-header";

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div>
      <PageHeader title="Settings" description="Your workspace, its team and its WhatsApp numbers." />
      <SettingsTabs />
      <div className="mx-auto max-w-4xl space-y-6 p-6">{children}</div>
    </div>
  );
}
