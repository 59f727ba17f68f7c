import { Search, X } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import type { ContactListParams } from "@/lib/contact-filters";
import type { LeadStage } from "@/lib/lead-status";
import { StageOptions } from "./options";

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
  const t = useTranslations("contacts.filters");
  return (
    <search aria-label={t("label")} className="block border-b border-slate-200 bg-white px-4 py-3 sm:px-6">
      <form className="grid gap-3 md:grid-cols-[minmax(12rem,2fr)_repeat(3,minmax(8rem,1fr))] 2xl:grid-cols-[minmax(14rem,2fr)_repeat(6,minmax(7rem,1fr))_auto]">
        <Field label={t("search")} htmlFor="contact-filter-q">
          <div className="relative">
            <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" aria-hidden />
            <Input
              id="contact-filter-q"
              name="q"
              type="search"
              defaultValue={params.search}
              placeholder={t("searchPlaceholder")}
              className="pl-8"
            />
          </div>
        </Field>
        <Field label={t("status")} htmlFor="contact-filter-status">
          <Select id="contact-filter-status" name="status" defaultValue={params.statuses?.[0] ?? ""}>
            <option value="">{t("anyStatus")}</option>
            <StageOptions stages={props.stages} />
          </Select>
        </Field>
        <Field label={t("tag")} htmlFor="contact-filter-tag">
          <Select id="contact-filter-tag" name="tag" defaultValue={params.tag ?? ""}>
            <option value="">{t("anyTag")}</option>
            {props.tags.map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t("owner")} htmlFor="contact-filter-owner">
          <Select id="contact-filter-owner" name="owner" defaultValue={params.owner ?? ""}>
            <option value="">{t("anyone")}</option>
            <option value="none">{t("nobody")}</option>
            {props.members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t("activeFrom")} htmlFor="contact-filter-from">
          <Input id="contact-filter-from" name="from" type="date" defaultValue={params.activeFrom} />
        </Field>
        <Field label={t("activeUntil")} htmlFor="contact-filter-to">
          <Input id="contact-filter-to" name="to" type="date" defaultValue={params.activeTo} />
        </Field>
        <Field label={t("noReply")} htmlFor="contact-filter-noreply">
          <Select id="contact-filter-noreply" name="noreply" defaultValue={params.noReplyDays ? String(params.noReplyDays) : ""}>
            <option value="">{t("any")}</option>
            {[1, 3, 7, 14, 30].map((d) => (
              <option key={d} value={d}>
                {t("days", { count: d })}
              </option>
            ))}
          </Select>
        </Field>
        <input type="hidden" name="sort" value={params.sort} />
        <input type="hidden" name="dir" value={params.direction} />
        <div className="flex items-end gap-2">
          <Button type="submit" variant="secondary">
            {t("apply")}
          </Button>
          {props.filtered && (
            <Link
              href="/contacts"
              className="inline-flex h-9 items-center gap-1 rounded-md px-2 text-sm text-slate-500 hover:bg-slate-100 hover:text-slate-800"
            >
              <X className="size-4" aria-hidden /> {t("clear")}
            </Link>
          )}
        </div>
      </form>
    </search>
  );
}
