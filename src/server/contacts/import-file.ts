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

/** The delimiter that splits the header line into the most columns (a comma when none splits it). */
function detectDelimiter(text: string): CsvDelimiter {
  let best: { delimiter: CsvDelimiter; columns: number } = { delimiter: ",", columns: 1 };
  for (const delimiter of DELIMITERS) {
    try {
      const [header] = parse(text, { ...csvOptions(delimiter), to_line: 1 }) as string[][];
      if (header && header.length > best.columns) best = { delimiter, columns: header.length };
    } catch {
      // Not this delimiter: its quoting does not hold together on the first line.
    }
  }
  return best.delimiter;
}

/** Checks an uploaded file and reads what the mapping step needs: headers, the first rows, the row count. */
export function readCsvUpload(bytes: Uint8Array): CsvUpload {
  if (bytes.byteLength === 0) throw new AppError("invalid", "errors.imports.empty");
  if (bytes.byteLength > IMPORT_MAX_BYTES) {
    throw new AppError("invalid", { key: "errors.imports.tooLarge", values: { megabytes: IMPORT_MAX_BYTES / 1024 / 1024 } });
  }
  const csv = decodeUtf8(bytes);
  const delimiter = detectDelimiter(csv);
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
    headers: header.map((name, i) => name || `Column ${i + 1}`),
    previewRows: rows.slice(0, IMPORT_PREVIEW_ROWS),
    totalRows: rows.length,
  };
}
