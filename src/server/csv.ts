import "server-only";
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { getLocale } from "next-intl/server";
import { HTTP_STATUS, toErrorResult } from "@/server/errors";
import { translatorFor } from "@/server/i18n/translator";
import { logger } from "@/server/log";

export type CsvCell = string | number | boolean | null | undefined;
export type WriteRecord = (record: CsvCell[]) => Promise<void>;

/** The download was stopped by the browser: the producer stops reading too. */
export class CsvStreamClosed extends Error {}

// A cell a spreadsheet would run as a formula (=, +, -, @) is kept as text;
// phone numbers in international format (+62 812-…) are ours and stay as they are.
const FORMULA = /^[=+\-@\t\r]/;
const PHONE = /^\+[\d\s-]+$/;
const safeCell = (cell: CsvCell) => (typeof cell === "string" && FORMULA.test(cell) && !PHONE.test(cell) ? `'${cell}` : cell);

/**
 * A CSV file as a web stream: `produce` writes records one by one and each
 * write waits while the reader is behind (backpressure), so rows flow from
 * a database cursor to the browser without piling up in memory. A UTF-8 byte
 * order mark makes Excel read accents right.
 */
export function csvStream(
  header: string[],
  produce: (write: WriteRecord) => Promise<void>,
  { delimiter = "," }: { delimiter?: string } = {},
): ReadableStream<Uint8Array> {
  const stringifier = stringify({ bom: true, delimiter });
  const write: WriteRecord = (record) =>
    new Promise((resolve, reject) => {
      if (stringifier.destroyed) return reject(new CsvStreamClosed());
      if (stringifier.write(record.map(safeCell))) return resolve();
      const settle = (error?: Error) => {
        stringifier.off("drain", onDrain).off("close", onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => settle();
      const onClose = () => settle(new CsvStreamClosed());
      stringifier.once("drain", onDrain).once("close", onClose);
    });
  stringifier.write(header);
  produce(write).then(
    () => stringifier.end(),
    (error: unknown) => {
      if (!(error instanceof CsvStreamClosed)) logger.error({ err: error }, "writing a CSV file failed");
      stringifier.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );
  return Readable.toWeb(stringifier) as ReadableStream<Uint8Array>;
}

/** A route handler's answer: the file as an attachment, or the refusal as plain text in the reader's language (the browser shows it). */
export async function csvDownload(fileName: string, open: () => Promise<ReadableStream<Uint8Array>>): Promise<Response> {
  try {
    return new Response(await open(), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${fileName.replace(/["\\\r\n]/g, "")}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    const { error: refusal } = toErrorResult(error, await translatorFor(await getLocale()));
    return new Response(refusal.message, { status: HTTP_STATUS[refusal.code], headers: { "content-type": "text/plain; charset=utf-8" } });
  }
}
