import { anatomyOf, type TimedEvent } from './hop-anatomy';

const at = (ms: number) => new Date(Date.UTC(2026, 11, 2, 12, 0, 0, ms)).toISOString();
const history = (gaps: number[], types = ['A', 'B', 'C']): TimedEvent[] => {
  let t = 0;
  return types.map((type, i) => ({
    eventType: `EVENT_TYPE_${type}`,
    eventTime: at((t += i === 0 ? 0 : gaps[i - 1]!)),
  }));
};

describe('anatomyOf', () => {
  it('gives the median gap before each event and the median total', () => {
    const anatomy = anatomyOf([history([10, 30]), history([20, 40]), history([30, 50])]);
    expect(anatomy).toEqual({
      n: 3,
      steps: [
        { event: 'B', medianMs: 20 },
        { event: 'C', medianMs: 40 },
      ],
      totalMs: 60,
    });
  });

  it('reads only the most common shape and leaves unreadable histories out', () => {
    const odd = history([1, 1, 1], ['A', 'B', 'X', 'C']);
    const anatomy = anatomyOf([history([10, 30]), odd, [], history([10, 50])]);
    expect(anatomy?.n).toBe(2);
    expect(anatomy?.steps.map((s) => s.event)).toEqual(['B', 'C']);
  });

  it('is undefined when there is nothing to read', () => {
    expect(anatomyOf([[], []])).toBeUndefined();
  });
});
