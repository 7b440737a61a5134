import { createLogger, type Logger } from './logger';

/** The signals every process of the platform stops on. */
export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Resolves with the first SIGINT or SIGTERM; `abort` stops listening (the promise then never settles). */
export function shutdownSignal(): { received: Promise<NodeJS.Signals>; abort: () => void } {
  let handler: (signal: NodeJS.Signals) => void = () => undefined;
  const received = new Promise<NodeJS.Signals>((resolve) => {
    handler = resolve;
    for (const s of SHUTDOWN_SIGNALS) process.once(s, handler);
  });
  return { received, abort: () => SHUTDOWN_SIGNALS.forEach((s) => process.off(s, handler)) };
}

/** A hook run at shutdown, e.g. closing a client a service opened. */
export type ShutdownHook = () => Promise<void> | void;

/** Hooks a process runs at shutdown, newest first; a failing hook is logged and the others still run. */
export class ShutdownHooks {
  private readonly hooks: { name: string; run: ShutdownHook }[] = [];

  /** Registers `run` under `name` (for the log). */
  add(name: string, run: ShutdownHook): void {
    this.hooks.push({ name, run });
  }

  /** Runs every hook once, newest first. */
  async runAll(logger: Logger): Promise<void> {
    for (const hook of this.hooks.splice(0).reverse()) {
      try {
        await hook.run();
      } catch (err) {
        logger.warn({ hook: hook.name, err: err instanceof Error ? err.message : String(err) }, 'shutdown hook failed');
      }
    }
  }
}

/** Entry point of a process: runs `run`, exits 0 when it resolves, or prints one fatal line (no stack) and exits 1. */
export function runMain(name: string, run: () => Promise<void>): void {
  run().then(
    () => process.exit(0),
    (err: unknown) => {
      createLogger(name).fatal(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
