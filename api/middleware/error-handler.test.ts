import Koa from 'koa';
import pino from 'pino';
import { errorHandler } from './error-handler';
import { HttpError } from '../http-error';

/** A Koa app whose only route throws `err`, behind the error middleware; returns the answer and what was logged. */
async function answerTo(err: unknown) {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const downs: string[] = [];
  const app = new Koa();
  app.use(errorHandler(logger, { down: (reason) => downs.push(String(reason)) }));
  app.use(() => {
    throw err;
  });
  const res = await new Promise<{ status: number; body: { error: Record<string, unknown> } }>((resolve) => {
    const server = app.listen(0, '127.0.0.1', async () => {
      const { port } = server.address() as { port: number };
      const r = await fetch(`http://127.0.0.1:${port}/anything`);
      const body = (await r.json()) as { error: Record<string, unknown> };
      server.close();
      resolve({ status: r.status, body });
    });
  });
  return { ...res, lines, downs };
}

describe('errorHandler', () => {
  it('answers a Temporal call that reached no frontend (gRPC UNAVAILABLE) on any route with 503 TEMPORAL_UNAVAILABLE, tells the outage log, and logs no error', async () => {
    const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
    const { status, body, lines, downs } = await answerTo(grpc);
    expect(status).toBe(503);
    expect(body.error).toMatchObject({ code: 'TEMPORAL_UNAVAILABLE' });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
    expect(downs).toEqual(['14 UNAVAILABLE: No connection established']);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('keeps an unexpected failure a 500 with its stack in the log at error, and no stack in the answer', async () => {
    const { status, body, lines, downs } = await answerTo(new Error('boom'));
    expect(status).toBe(500);
    expect(body.error).toMatchObject({ code: 'INTERNAL', message: 'Internal server error' });
    expect(downs).toEqual([]);
    const logged = lines.find((l) => l.level === 50) as { err?: { stack?: string } } | undefined;
    expect(logged?.err?.stack).toContain('boom');
  });

  it('logs a 503 raised on purpose at debug only', async () => {
    const { status, lines } = await answerTo(
      new HttpError(503, 'SERVICE_UNAVAILABLE', 'The orders service is unavailable.'),
    );
    expect(status).toBe(503);
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    expect(lines.some((l) => l.level === 20)).toBe(true);
  });
});
