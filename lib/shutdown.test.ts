import { shutdownSignal, ShutdownHooks } from './shutdown';
import type { Logger } from './logger';

const silentLogger = () => {
  const warnings: unknown[] = [];
  return { warnings, logger: { warn: (obj: unknown) => warnings.push(obj) } as unknown as Logger };
};

describe('ShutdownHooks', () => {
  it('runs every hook once, newest first, and goes on past a failing one', async () => {
    const ran: string[] = [];
    const hooks = new ShutdownHooks();
    hooks.add('first', () => void ran.push('first'));
    hooks.add('broken', () => {
      throw new Error('boom');
    });
    hooks.add('last', async () => void ran.push('last'));
    const { warnings, logger } = silentLogger();
    await hooks.runAll(logger);
    await hooks.runAll(logger);
    expect(ran).toEqual(['last', 'first']);
    expect(warnings).toEqual([{ hook: 'broken', err: 'boom' }]);
  });
});

describe('shutdownSignal', () => {
  it('resolves with the first SIGTERM and then stops listening', async () => {
    const before = process.listenerCount('SIGTERM');
    const signal = shutdownSignal();
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    process.emit('SIGTERM', 'SIGTERM');
    await expect(signal.received).resolves.toBe('SIGTERM');
    signal.abort();
    expect([process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')]).toEqual([
      before,
      process.listenerCount('SIGINT'),
    ]);
  });

  it('abort removes its listeners from both signals', () => {
    const counts = () => [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const before = counts();
    const signal = shutdownSignal();
    expect(counts()).toEqual(before.map((n) => n + 1));
    signal.abort();
    expect(counts()).toEqual(before);
  });
});
