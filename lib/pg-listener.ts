import { Client } from 'pg';
import type { Logger } from './logger';

/**
 * Keeps one PostgreSQL connection LISTENing on `channel` and calls `onNotify` for each notification; reconnects by
 * itself (every `retryMs`) after the database restarts, and calls `onNotify` once reconnected, since notifications sent
 * while it was away are lost. A missed wake-up only costs latency: the relay also polls.
 */
export class PgListener {
  private client: Client | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly onNotify: () => void,
    private readonly logger: Pick<Logger, 'debug'>,
    private readonly retryMs = 1_000,
  ) {}

  /** Connects and listens (in the background; failures are retried). */
  start(): void {
    void this.connect();
  }

  /** Stops listening and closes the connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 3_000 });
    const lost = (why: string) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.logger.debug({ channel: this.channel, why }, 'LISTEN connection lost; reconnecting');
      void client.end().catch(() => undefined);
      this.scheduleRetry();
    };
    client.on('error', (err) => lost(err.message));
    client.on('end', () => lost('ended'));
    client.on('notification', () => this.onNotify());
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
      if (this.stopped) await this.stop();
      else this.onNotify();
    } catch (err) {
      lost(err instanceof Error ? err.message : String(err));
    }
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), this.retryMs);
    this.retry.unref();
  }
}
