import { Search, X } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import type { ContactListParams } from "@/lib/contact-filters";
import type { LeadStage } from "@/lib/lead-status";

const label = "block text-xs font-medium text-slate-500";

/**
 * The list's filters as a plain GET form: the server filters, the URL is
 * shareable, and it works before JavaScript loads.
 */
export function ContactFilters(props: {
  params: ContactListParams;
  stages: LeadStage[];
  members: { id: string; name: string }[];
  tags: string[];
  filtered: boolean;
}) {
  const { params } = props;
  return (
    <form
      role="search"
      aria-label="Filter contacts"
      className="grid gap-3 border-b border-slate-200 bg-white px-4 py-3 sm:px-6 md:grid-cols-[minmax(12rem,2fr)_repeat(3,minmax(8rem,1fr))] xl:grid-cols-[minmax(14rem,2fr)_repeat(6,minmax(7rem,1fr))_auto]"
    >
      <div className="relative">
        <span className={label}>Search</span>
        <Search className="pointer-events-none absolute bottom-2.5 left-2.5 size-4 text-slate-400" aria-hidden />
        <Input
          name="q"
          type="search"
          defaultValue={params.search}
          placeholder="Name, phone or email"
          aria-label="Search contacts"
          className="mt-1 pl-8"
        />
      </div>
      <label className={label}>
        Status
        <Select name="status" defaultValue={params.statuses?.[0] ?? ""} className="mt-1">
          <option value="">Any status</option>
          {props.stages.map((s) => (
            <option key={s.key} value={s.key}>
              {s.label}
            </option>
          ))}
        </Select>
      </label>
      <label className={label}>
        Tag
        <Select name="tag" defaultValue={params.tag ?? ""} className="mt-1">
          <option value="">Any tag</option>
          {props.tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
      </label>
      <label className={label}>
        Owner
        <Select name="owner" defaultValue={params.owner ?? ""} className="mt-1">
          <option value="">Anyone</option>
          <option value="none">Nobody</option>
          {props.members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </Select>
      </label>
      <label className={label}>
        Active from
        <Input name="from" type="date" defaultValue={params.activeFrom} className="mt-1" />
      </label>
      <label className={label}>
        Active until
        <Input name="to" type="date" defaultValue={params.activeTo} className="mt-1" />
      </label>
      <label className={label}>
        No reply for
        <Select name="noreply" defaultValue={params.noReplyDays ? String(params.noReplyDays) : ""} className="mt-1">
          <option value="">Any</option>
          {[1, 3, 7, 14, 30].map((d) => (
            <option key={d} value={d}>
              {d} day{d > 1 ? "s" : ""}+
            </option>
          ))}
        </Select>
      </label>
      <input type="hidden" name="sort" value={params.sort} />
      <input type="hidden" name="dir" value={params.direction} />
      <div className="flex items-end gap-2">
        <Button type="submit" variant="secondary">
          Apply
        </Button>
        {props.filtered && (
          <Link
            href="/contacts"
            className="inline-flex h-9 items-center gap-1 rounded-md px-2 text-sm text-slate-500 hover:bg-slate-100 hover:text-slate-800"
          >
            <X className="size-4" aria-hidden /> Clear
          </Link>
        )}
      </div>
    </form>
  );
}
