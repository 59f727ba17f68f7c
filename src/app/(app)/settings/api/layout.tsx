import type { ReactNode } from "react";
import { ApiNav } from "@/components/settings/api-nav";

export default function ApiSettingsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <ApiNav />
      {children}
    </>
  );
}
