import { EVENTS_USAGE, EventsUsageError, parseEventsOptions } from './options';

const ALL = ['events.users', 'events.orders', 'events.payments', 'events.inventory'];

describe('parseEventsOptions', () => {
  it('tail: every stream, the last entries, no follow by default', () => {
    expect(parseEventsOptions(['tail'])).toEqual({ command: 'tail', streams: ALL, follow: false });
  });

  it('tail: one stream by name or family, a start id (a bare ms is its first entry), follow', () => {
    expect(parseEventsOptions(['tail', '--stream', 'events.orders', '--from', '1796205601000-3', '--follow'])).toEqual({
      command: 'tail',
      streams: ['events.orders'],
      from: '1796205601000-3',
      follow: true,
    });
    expect(parseEventsOptions(['tail', '--stream', 'payments', '--from', '1796205601000'])).toMatchObject({
      streams: ['events.payments'],
      from: '1796205601000-0',
    });
    expect(parseEventsOptions(['--stream', 'all', 'tail'])).toMatchObject({ streams: ALL });
  });

  it('replay: the group and the start id; streams only when named', () => {
    expect(parseEventsOptions(['replay', '--group', 'notifications', '--from', '5-0'])).toEqual({
      command: 'replay',
      group: 'notifications',
      from: '5-0',
    });
    expect(
      parseEventsOptions(['replay', '--group', 'order-timeline', '--from', '5', '--stream', 'events.orders']),
    ).toEqual({ command: 'replay', group: 'order-timeline', from: '5-0', streams: ['events.orders'] });
    expect(parseEventsOptions(['replay', '--group', 'notifications', '--from', '5-0', '--stream', 'all'])).toEqual({
      command: 'replay',
      group: 'notifications',
      from: '5-0',
    });
  });

  it('--help wins over everything else', () => {
    expect(parseEventsOptions(['--help'])).toEqual({ command: 'help' });
    expect(parseEventsOptions(['replay', '--help'])).toEqual({ command: 'help' });
    expect(EVENTS_USAGE).toContain('npm run events -- <command>');
  });

  it.each([
    [[], 'name a command: tail or replay'],
    [['head'], 'unknown command "head" (tail or replay)'],
    [['tail', 'more'], 'unexpected argument "more"'],
    [['tail', '--stream', 'events.refunds'], '--stream: "events.refunds" is not a stream'],
    [['tail', '--from', 'yesterday'], '--from: "yesterday" is not a stream entry id'],
    [['tail', '--from', '1-2-3'], '--from: "1-2-3" is not a stream entry id'],
    [['tail', '--group', 'g'], '--group belongs to replay, not tail'],
    [['replay', '--from', '5-0'], 'replay needs --group <consumer group>'],
    [['replay', '--group', 'notifications'], 'replay needs --from <stream entry id>'],
    [['replay', '--group', 'g', '--from', '5-0', '--follow'], '--follow belongs to tail, not replay'],
    [['tail', '--bogus'], "Unknown option '--bogus'"],
    [['tail', '--from'], "Option '--from <value>' argument missing"],
  ])('refuses %j with a usage error that says why', (argv, message) => {
    expect(() => parseEventsOptions(argv)).toThrow(EventsUsageError);
    expect(() => parseEventsOptions(argv)).toThrow(message);
  });
});
