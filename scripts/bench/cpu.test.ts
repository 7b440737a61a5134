import { cpuDelta, parseMachineBusyTicks, parseStatTicks } from './cpu';

describe('parseStatTicks', () => {
  it('reads the parent and utime + stime, counting fields after the last parenthesis', () => {
    const stat =
      '4242 (node (worker) x) S 4100 4242 4100 0 -1 4194304 125 0 1 0 1234 567 0 0 20 0 11 0 597881 3133440 381';
    expect(parseStatTicks(stat)).toEqual({ ppid: 4100, ticks: 1234 + 567 });
  });
});

describe('cpuDelta', () => {
  it('is the CPU seconds used in between, rounded to 0.1 s, for processes in both snapshots', () => {
    expect(cpuDelta({ temporal: 10, orders: 5, gone: 1 }, { temporal: 22.46, orders: 5, bench: 3 })).toEqual({
      temporal: 12.5,
      orders: 0,
    });
  });

  it('never goes below 0 (a process restarted in between starts again from 0)', () => {
    expect(cpuDelta({ orders: 50 }, { orders: 2 })).toEqual({ orders: 0 });
  });
});

describe('parseMachineBusyTicks', () => {
  it('adds user, nice, system, irq, softirq and steal of the first line, leaving idle and iowait out', () => {
    const stat = 'cpu  1000 20 300 50000 40 5 6 7 0 0\ncpu0 500 10 150 25000 20 2 3 3 0 0\nintr 123\n';
    expect(parseMachineBusyTicks(stat)).toBe(1000 + 20 + 300 + 5 + 6 + 7);
  });
});
