import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { redisServerBinary } from '../scripts/stack/redis';
import { freePort } from '../test/support/tcp-proxy';
import { redisReady } from './redis-ready';

const clients: Redis[] = [];
const servers: ChildProcess[] = [];
const client = (port: number) => {
  const redis = new Redis({
    port,
    host: '127.0.0.1',
    enableOfflineQueue: false,
    retryStrategy: () => 50,
    disconnectTimeout: 10,
  });
  redis.on('error', () => undefined);
  clients.push(redis);
  return redis;
};
afterEach(() => {
  clients.splice(0).forEach((c) => c.disconnect());
  servers.splice(0).forEach((s) => s.kill('SIGKILL'));
});

describe('redisReady', () => {
  it('waits for a Redis that comes up after the client was made, and answers true once it is ready', async () => {
    const port = await freePort();
    const redis = client(port);
    const ready = redisReady(redis, 10_000);
    await new Promise((r) => setTimeout(r, 300)); // the client is reconnecting by now
    expect(redis.status).not.toBe('ready');
    servers.push(
      spawn(redisServerBinary(), ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], { stdio: 'ignore' }),
    );
    expect(await ready).toBe(true);
    expect(await redis.ping()).toBe('PONG'); // a command needs no offline queue now
    expect(await redisReady(redis, 1)).toBe(true); // already ready: at once
  });

  it('answers false after the timeout when nothing listens', async () => {
    const redis = client(await freePort());
    const started = Date.now();
    expect(await redisReady(redis, 400)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
  });
});
