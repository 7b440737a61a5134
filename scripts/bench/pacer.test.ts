import { pacedLimit, pickWindow, SlidingWindow } from './pacer';

describe('SlidingWindow', () => {
  it('lets `limit` events through in any window, then says how long until the oldest leaves it', () => {
    const w = new SlidingWindow(3, 60_000);
    for (const t of [0, 1_000, 2_000]) {
      expect(w.waitMs(t)).toBe(0);
      w.record(t);
    }
    expect(w.waitMs(2_500)).toBe(57_500);
    expect(w.waitMs(60_000)).toBe(0); // the event at 0 has left the window
    expect(w.used(60_000)).toBe(2);
  });

  it('waits out a block the server asked for, even with room in the window', () => {
    const w = new SlidingWindow(10, 60_000);
    w.block(5_000);
    expect(w.waitMs(1_000)).toBe(4_000);
    expect(w.waitMs(5_000)).toBe(0);
  });

  it('needs a limit of at least 1', () => {
    expect(() => new SlidingWindow(0, 60_000)).toThrow(/at least 1/);
  });
});

describe('pacedLimit', () => {
  it('keeps a margin under the server limit, never below 1', () => {
    expect(pacedLimit(30, 2)).toBe(28);
    expect(pacedLimit(2, 2)).toBe(1);
  });
});

describe('pickWindow', () => {
  it('takes the least recently used of the windows free now, else the one free soonest', () => {
    const free = () => new SlidingWindow(5, 60_000);
    const full = (at: number) => {
      const w = new SlidingWindow(1, 60_000);
      w.record(at);
      return w;
    };
    expect(
      pickWindow(
        [
          { window: free(), lastUsed: 50 },
          { window: free(), lastUsed: 10 },
        ],
        100,
      ),
    ).toEqual({
      index: 1,
      waitMs: 0,
    });
    expect(
      pickWindow(
        [
          { window: full(10), lastUsed: 0 },
          { window: free(), lastUsed: 99 },
        ],
        100,
      ).index,
    ).toBe(1);
    expect(
      pickWindow(
        [
          { window: full(30), lastUsed: 0 },
          { window: full(10), lastUsed: 0 },
        ],
        100,
      ),
    ).toEqual({
      index: 1,
      waitMs: 59_910,
    });
  });
});
