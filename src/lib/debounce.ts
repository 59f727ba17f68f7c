/**
 * Runs `run` once a burst of calls has paused for `wait` ms, and at least
 * every `maxWait` ms while calls keep coming (a busy inbox must not starve
 * it). `cancel` drops what is pending.
 */
export function debounce(run: () => void, { wait, maxWait }: { wait: number; maxWait: number }) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let first: number | null = null;
  const fire = () => {
    timer = undefined;
    first = null;
    run();
  };
  return {
    call() {
      const now = Date.now();
      first ??= now;
      clearTimeout(timer);
      timer = setTimeout(fire, Math.max(0, Math.min(wait, first + maxWait - now)));
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      first = null;
    },
  };
}
