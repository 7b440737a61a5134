import type { Context } from 'koa';
import type { Redis } from 'ioredis';
import { rateLimit } from './rate-limit';

/** A Redis whose rate-limit script fails while `state.up` is false, like ioredis with the server gone; counts calls while up. */
function switchableRedis(state: { up: boolean }, max: number): Redis {
  let used = 0;
  const fake: Record<string, unknown> = {
    defineCommand(name: string) {
      fake[name] = async (_key: string, now: number) => {
        if (!state.up) throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
        used += 1;
        return [Math.max(max - used + 1, 0), Math.floor(now / 1000) + 60, max];
      };
    },
  };
  return fake as unknown as Redis;
}

const ctx = () => ({ ip: '127.0.0.1', state: {}, set: jest.fn(), throw: (status: number, msg: string) => { throw Object.assign(new Error(msg), { status }); } }) as unknown as Context;

describe('rateLimit when Redis is down', () => {
  it('serves the request, tells once per outage, limits again when Redis is back', async () => {
    const state = { up: false };
    const onRedisDown = jest.fn();
    const limit = rateLimit({ redis: switchableRedis(state, 1), max: 1, durationMs: 60_000, prefix: 't', onRedisDown });
    const next = jest.fn(async () => undefined);

    await limit(ctx(), next);
    await limit(ctx(), next);
    expect(next).toHaveBeenCalledTimes(2);
    expect(onRedisDown).toHaveBeenCalledTimes(1);

    state.up = true;
    await limit(ctx(), next);
    expect(next).toHaveBeenCalledTimes(3);
    await expect(limit(ctx(), next)).rejects.toMatchObject({ status: 429 });
    expect(next).toHaveBeenCalledTimes(3);
  });

  it('does not swallow an error thrown by the route behind it', async () => {
    const limit = rateLimit({ redis: switchableRedis({ up: true }, 10), max: 10, durationMs: 60_000, prefix: 't' });
    await expect(limit(ctx(), async () => { throw new Error('route failed'); })).rejects.toThrow('route failed');
  });
});
