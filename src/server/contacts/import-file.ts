import "server-only";
import { CsvError, type Options, parse } from "csv-parse/sync";
import { IMPORT_MAX_BYTES, IMPORT_PREVIEW_ROWS } from "@/lib/contact-import";
import { AppError } from "@/server/errors";

export type CsvDelimiter = "," | ";" | "\t";

/** Excel writes ";" where the decimal separator is a comma (most of Latin America and Europe), tabs from "Unicode text". */
const DELIMITERS: CsvDelimiter[] = [",", ";", "\t"];

/** The same reading for the upload check and the import job, so their row counts agree. */
export const csvOptions = (delimiter: CsvDelimiter): Options => ({
  delimiter,
  relax_column_count: true,
  trim: true,
});

export interface CsvUpload {
  csv: string;
  delimiter: CsvDelimiter;
  headers: string[];
  previewRows: string[][];
  totalRows: number;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    // TextDecoder drops a leading byte order mark (Excel's "CSV UTF-8" writes one).
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("invalid", "errors.imports.notUtf8");
  }
}

/**
 * The delimiter a workspace's spreadsheets use: where its language writes
 * decimals with a comma (id, es, pt-BR), Excel saves and expects ";".
 */
export function marketDelimiter(locale: string): CsvDelimiter {
  return locale === "en" ? "," : ";";
}

/** The delimiter that splits the header line into the most columns; the workspace's own when the header does not decide (one column, or a tie). */
function detectDelimiter(text: string, fallback: CsvDelimiter): CsvDelimiter {
  let best: { delimiter: CsvDelimiter; columns: number } = { delimiter: fallback, columns: 1 };
  for (const delimiter of DELIMITERS) {
    try {
      const [header] = parse(text, { ...csvOptions(delimiter), to_line: 1 }) as string[][];
      const columns = header?.length ?? 0;
      if (columns > best.columns || (columns === best.columns && delimiter === fallback)) best = { delimiter, columns };
    } catch {
      // Not this delimiter: its quoting does not hold together on the first line.
    }
  }
  return best.delimiter;
}

/** Checks an uploaded file and reads what the mapping step needs: headers, the first rows, the row count. */
export function readCsvUpload(bytes: Uint8Array, fallbackDelimiter: CsvDelimiter = ","): CsvUpload {
  if (bytes.byteLength === 0) throw new AppError("invalid", "errors.imports.empty");
  if (bytes.byteLength > IMPORT_MAX_BYTES) {
    throw new AppError("invalid", { key: "errors.imports.tooLarge", values: { megabytes: IMPORT_MAX_BYTES / 1024 / 1024 } });
  }
  const csv = decodeUtf8(bytes);
  const delimiter = detectDelimiter(csv, fallbackDelimiter);
  let records: string[][];
  try {
    records = parse(csv, csvOptions(delimiter)) as string[][];
  } catch (error) {
    if (error instanceof CsvError) throw new AppError("invalid", { key: "errors.imports.invalidCsv", values: { reason: error.message } });
    throw error;
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0) throw new AppError("invalid", "errors.imports.noRows");
  return {
    csv,
    delimiter,
    // An empty header cell stays empty: each reader names it in their language (contacts.import.columns.unnamed).
    headers: header,
    previewRows: rows.slice(0, IMPORT_PREVIEW_ROWS),
    totalRows: rows.length,
  };
}
