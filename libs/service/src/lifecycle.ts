/** Signals within this long of the first are the same request (Ctrl-C reaches a whole process group). */
const REPEAT_WINDOW_MS = 2000;

/**
 * Runs `stop` once on SIGINT or SIGTERM, then exits 0 (1 if stopping failed). A signal that comes
 * later than two seconds after the first, while still stopping, exits at once with 1.
 */
export function onShutdown(stop: (signal: string) => Promise<void>): void {
  let firstAt: number | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (firstAt !== undefined) {
      if (Date.now() - firstAt > REPEAT_WINDOW_MS) process.exit(1);
      return;
    }
    firstAt = Date.now();
    stop(signal).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
