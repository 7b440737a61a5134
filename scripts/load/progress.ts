// Progress of a run: a live bar on a terminal, a plain line every few seconds otherwise (CI logs).
import { Presets, SingleBar } from 'cli-progress';

/** Counts of a run so far: POSTs answered 201/202, orders CONFIRMED or final, and orders that will not be CONFIRMED. */
export interface Counts {
  placed: number;
  settled: number;
  confirmed: number;
  failed: number;
}

/** Confirmed orders a second over `elapsedMs`, one decimal. */
export const ratePerSecond = (confirmed: number, elapsedMs: number): string =>
  (elapsedMs > 0 ? (confirmed * 1000) / elapsedMs : 0).toFixed(1);

/** The plain progress line: `  12/40 settled · placed 15 · confirmed 12 · failed 0 · 3.1 confirmed/s`. */
export function progressLine(c: Counts, total: number, elapsedMs: number): string {
  return `  ${c.settled}/${total} settled · placed ${c.placed} · confirmed ${c.confirmed} · failed ${c.failed} · ${ratePerSecond(c.confirmed, elapsedMs)} confirmed/s`;
}

export interface Progress {
  update(c: Counts): void;
  stop(): void;
}

/** A bar on `stream` when it is a terminal, else a progress line every `everyMs`. */
export function startProgress(total: number, stream: NodeJS.WriteStream = process.stdout, everyMs = 5_000): Progress {
  const started = performance.now();
  let counts: Counts = { placed: 0, settled: 0, confirmed: 0, failed: 0 };
  const payload = () => ({ ...counts, rate: ratePerSecond(counts.confirmed, performance.now() - started) });
  if (stream.isTTY) {
    const bar = new SingleBar(
      {
        stream,
        format:
          '  {bar} {value}/{total} settled | placed {placed} | confirmed {confirmed} | failed {failed} | {rate} confirmed/s | {duration_formatted}',
        barsize: 30,
        hideCursor: true,
        etaBuffer: 50,
        fps: 5,
      },
      Presets.shades_classic,
    );
    bar.start(total, 0, payload());
    return {
      update(c) {
        counts = c;
        bar.update(c.settled, payload());
      },
      stop() {
        bar.update(counts.settled, payload());
        bar.stop();
      },
    };
  }
  const timer = setInterval(
    () => stream.write(`${progressLine(counts, total, performance.now() - started)}\n`),
    everyMs,
  );
  return {
    update(c) {
      counts = c;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
