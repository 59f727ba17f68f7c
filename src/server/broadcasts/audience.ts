import "server-only";
import { parse } from "csv-parse/sync";
import type { AudienceFilter } from "@/lib/broadcasts";
import { type CountryCode, canonicalizePhone } from "@/lib/phone";
import { csvOptions, readCsvUpload } from "@/server/contacts/import-file";
import type { Tx } from "@/server/db/client";

/** The filter's conditions on contacts aliased `k` (every part given must hold; tags: any of them). */
export function audienceConditions(tx: Tx, filter: AudienceFilter) {
  return tx`
    ${filter.tags?.length ? tx`and k.tags && ${tx.array(filter.tags)}::text[]` : tx``}
    ${filter.statuses?.length ? tx`and k.lead_status = any(${tx.array(filter.statuses)}::text[])` : tx``}
    ${filter.owner === "none" ? tx`and k.owner_id is null` : filter.owner ? tx`and k.owner_id = ${filter.owner}::uuid` : tx``}
    ${filter.activeFrom ? tx`and k.last_activity_at >= ${filter.activeFrom}::date` : tx``}
    ${filter.activeTo ? tx`and k.last_activity_at < ${filter.activeTo}::date + 1` : tx``}
    ${filter.createdFrom ? tx`and k.created_at >= ${filter.createdFrom}::date` : tx``}
    ${filter.createdTo ? tx`and k.created_at < ${filter.createdTo}::date + 1` : tx``}
    ${(filter.custom ?? []).reduce((all, c) => tx`${all} and k.custom_attributes ->> ${c.key} = ${c.value}`, tx``)}`;
}

export interface AudienceSize {
  /** Distinct recipients: contacts of the filter and numbers of the CSV, each once. */
  total: number;
  /** Of them, contacts who opted out: excluded (skipped) when the broadcast runs. */
  optedOut: number;
  /** Contacts WhatsApp only knows by a username: nothing can be sent to them. */
  noPhone: number;
  /** Of them, who will get the message. */
  sendable: number;
}

/** How many the audience reaches, before anything is sent (the wizard's count). */
export async function audienceSize(
  tx: Tx,
  workspaceId: string,
  audience: { filter: AudienceFilter | null; csvPhones: string[] },
): Promise<AudienceSize> {
  const [row] = await tx<{ total: number; opted_out: number; no_phone: number }[]>`
    with audience as (
      ${
        audience.filter
          ? tx`select k.id, k.phone_e164, k.opted_out_at from public.contacts k
               where k.workspace_id = ${workspaceId} ${audienceConditions(tx, audience.filter)}
               union`
          : tx``
      }
      select k.id, k.phone_e164, k.opted_out_at from public.contacts k
      where k.workspace_id = ${workspaceId} and k.phone_e164 = any(${tx.array(audience.csvPhones)}::text[])
    )
    select ((select count(*) from audience)
            + (select count(*) from unnest(${tx.array(audience.csvPhones)}::text[]) p
               where not exists (select 1 from public.contacts k where k.workspace_id = ${workspaceId} and k.phone_e164 = p)))::int as total,
           (select count(*) from audience where opted_out_at is not null)::int as opted_out,
           (select count(*) from audience where phone_e164 is null and opted_out_at is null)::int as no_phone`;
  const total = row?.total ?? 0;
  const optedOut = row?.opted_out ?? 0;
  const noPhone = row?.no_phone ?? 0;
  return { total, optedOut, noPhone, sendable: total - optedOut - noPhone };
}

export interface CsvNumbers {
  /** Canonical and unique, in the file's order. */
  phones: string[];
  /** Entries that are not phone numbers, as written. */
  invalid: string[];
  /** Entries repeating a number already in the file. */
  duplicates: number;
}

const PHONE_HEADER = /phone|number|whatsapp|mobile|telepon|nomor|hp|wa/i;

/** A list of numbers as typed (the API's `phones`), canonicalized with the workspace's country. */
export function readNumbers(entries: string[], country: CountryCode): CsvNumbers {
  const phones = new Set<string>();
  const invalid: string[] = [];
  let duplicates = 0;
  for (const entry of entries) {
    const text = entry.trim();
    if (!text) continue;
    const phone = canonicalizePhone(text, country);
    if (!phone) invalid.push(text.slice(0, 64));
    else if (phones.has(phone)) duplicates++;
    else phones.add(phone);
  }
  return { phones: [...phones], invalid: [...new Set(invalid)], duplicates };
}

/** The numbers of an uploaded CSV: the column whose header names a phone, or the first; a header that is itself a number counts. */
export function readCsvNumbers(bytes: Uint8Array, country: CountryCode): CsvNumbers {
  const upload = readCsvUpload(bytes);
  const [header = [], ...rows] = parse(upload.csv, csvOptions(upload.delimiter)) as string[][];
  const column = Math.max(
    0,
    header.findIndex((name) => PHONE_HEADER.test(name)),
  );
  const cells = rows.map((row) => row[column] ?? "");
  const first = header[column] ?? "";
  return readNumbers(canonicalizePhone(first, country) ? [first, ...cells] : cells, country);
}
