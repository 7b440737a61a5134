import { pollDelay, pollUntilSettled, POLL_BACKOFF, type PollClock, type ReadResult } from './poll';

/** A clock that only moves when the loop sleeps or a read takes time. */
function fakeClock(readMs = 0) {
  let now = 1000;
  const sleeps: number[] = [];
  const clock: PollClock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps, readTakes: () => (now += readMs) };
}

describe('polling an order until it settles', () => {
  it('waits 200 ms, then doubles the gap up to 1 s', () => {
    expect([0, 1, 2, 3, 4, 10].map((a) => pollDelay(a))).toEqual([200, 400, 800, 1000, 1000, 1000]);
    expect(pollDelay(0, { firstMs: 50, factor: 3, maxMs: 300 })).toBe(50);
    expect(pollDelay(2, { firstMs: 50, factor: 3, maxMs: 300 })).toBe(300);
    expect(POLL_BACKOFF).toEqual({ firstMs: 200, factor: 2, maxMs: 1000 });
  });

  it('reports when a read first saw the order settled, and the read before it as the bound', async () => {
    const { clock, sleeps, readTakes } = fakeClock(10);
    const answers: ReadResult[] = [{ settled: false }, { settled: false }, { settled: true, outcome: 'CONFIRMED' }];
    const result = await pollUntilSettled(
      async () => {
        readTakes();
        return answers.shift()!;
      },
      { startedAt: 1000 - 300, sinceMs: 300, deadline: 1000 + 60_000 },
      clock,
    );
    expect(sleeps).toEqual([200, 400, 800]);
    // placed at 300 ms; reads answer at 300+200+10, +400+10, +800+10
    expect(result).toEqual({ settled: true, outcome: 'CONFIRMED', settledMs: 1730, lastPendingMs: 920, reads: 3 });
  });

  it('an order settled by the first read is bounded by the placement answer', async () => {
    const { clock } = fakeClock();
    const result = await pollUntilSettled(
      async () => ({ settled: true, outcome: 'FAILED/PAYMENT_DECLINED' }),
      { startedAt: 900, sinceMs: 100, deadline: 5000 },
      clock,
    );
    expect(result).toEqual({
      settled: true,
      outcome: 'FAILED/PAYMENT_DECLINED',
      settledMs: 300,
      lastPendingMs: 100,
      reads: 1,
    });
  });

  it('gives up at the deadline, the last wait cut short, and never reads faster than the backoff', async () => {
    const { clock, sleeps } = fakeClock();
    let reads = 0;
    const result = await pollUntilSettled(
      async () => {
        reads += 1;
        return { settled: false };
      },
      { startedAt: 1000, sinceMs: 0, deadline: 1000 + 3000 },
      clock,
    );
    expect(sleeps).toEqual([200, 400, 800, 1000, 600]);
    expect(result).toEqual({ settled: false, reads: 5 });
    expect(reads).toBe(5);
  });
});
