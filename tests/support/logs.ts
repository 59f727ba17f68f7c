import pino, { type Level } from "pino";
import { logger } from "@/server/log";

export interface LogEntry {
  level: number;
  msg?: string;
  job?: string;
  requestId?: string;
  [key: string]: unknown;
}

/**
 * Captures what the app's logger writes, at `level`: every line as written
 * (after redaction and serialization), instead of the terminal. pino hands
 * each line to its destination's write(); children share that destination.
 */
export function captureLogs(level: Level = "debug") {
  const destination = (logger as unknown as Record<symbol, { write(line: string): boolean }>)[pino.symbols.streamSym];
  if (!destination) throw new Error("the logger has no destination");
  const lines: string[] = [];
  const write = destination.write;
  const previousLevel = logger.level;
  destination.write = (line: string) => {
    lines.push(line);
    return true;
  };
  logger.level = level;
  return {
    text: () => lines.join(""),
    entries: (): LogEntry[] => lines.map((line) => JSON.parse(line) as LogEntry),
    stop: () => {
      destination.write = write;
      logger.level = previousLevel;
    },
  };
}
