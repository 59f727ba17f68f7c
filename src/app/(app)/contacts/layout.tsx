import type { ReactNode } from "react";
import { ContactsNav } from "@/components/contacts/contacts-nav";

export default function ContactsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-full flex-col">
      <ContactsNav />
      <div className="flex-1">{children}</div>
    </div>
  );
}
