import { cn } from "@/components/ui/cn";
import { initials } from "@/lib/format";

/** Where a member's picture is served; the avatar id in the address changes with each upload, so a version may be cached for good. */
export const avatarUrl = (userId: string, avatarId: string) => `/api/avatars/${userId}?v=${avatarId}`;

/** A team member: their picture when they uploaded one, their initials otherwise. Decorative: the name is always said beside it. */
export function MemberAvatar({
  userId,
  name,
  avatarId,
  className,
}: {
  userId: string;
  name: string;
  avatarId?: string | null;
  className?: string;
}) {
  const base = cn(
    "flex shrink-0 items-center justify-center overflow-hidden rounded-full bg-slate-200 font-semibold text-slate-700",
    className,
  );
  if (avatarId) {
    // A small private picture from our own route: next/image would only proxy it through its optimizer.
    return <img src={avatarUrl(userId, avatarId)} alt="" className={cn(base, "object-cover")} data-testid="member-avatar" />;
  }
  return (
    <span className={base} aria-hidden data-testid="member-initials">
      {initials(name)}
    </span>
  );
}
