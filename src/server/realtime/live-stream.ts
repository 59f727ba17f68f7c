import "server-only";
import type { LiveEvent } from "./live-events";

/** Each event's JSON, made once for every stream it goes to (the hub hands all its subscribers the same object). */
const serialised = new WeakMap<LiveEvent, string>();

function json(event: LiveEvent): string {
  let text = serialised.get(event);
  if (text === undefined) {
    text = JSON.stringify(event);
    serialised.set(event, text);
  }
  return text;
}

/**
 * A stream's `deliver`: the events as Server-Sent Events numbered 1, 2, 3…
 * in `seq` (so the browser sees a gap), and what arrives in one turn of the
 * event loop (a flush's events for this tab) written as one chunk.
 */
export function liveEventWriter(send: (text: string) => void): (event: LiveEvent) => void {
  let seq = 0;
  let pending: string[] = [];
  return (event) => {
    seq += 1;
    // `{"seq":n,` then the event's own fields: the shared JSON without its opening brace.
    pending.push(`id: ${seq}\nevent: ${event.kind === "resync" ? "resync" : "live"}\ndata: {"seq":${seq},${json(event).slice(1)}\n\n`);
    if (pending.length > 1) return;
    queueMicrotask(() => {
      const text = pending.join("");
      pending = [];
      send(text);
    });
  };
}
