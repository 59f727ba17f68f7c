import { SearchX } from "lucide-react";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/**
 * A conversation, contact, import or webhook that does not exist (or is not
 * this workspace's), inside the shell so the menu is still there. Answered
 * with a real 404: no loading boundary sits above the record pages (see
 * docs/architecture.md, "Not found"), so notFound() runs before streaming starts.
 */
export default function NotFound() {
  return (
    <div className="flex h-full items-center justify-center">
      <EmptyState icon={SearchX} title="This page does not exist">
        <p>It may have been deleted, or the link is wrong or belongs to another workspace.</p>
        <Link href="/inbox" className={`${buttonClass()} mt-4`}>
          Back to inbox
        </Link>
      </EmptyState>
    </div>
  );
}
