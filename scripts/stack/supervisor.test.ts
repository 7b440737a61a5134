import { Supervisor } from './supervisor';

describe('Supervisor', () => {
  it('prefixes every line of a child, including each line of a multi-line log message, and reports a crash while starting', async () => {
    const printed: string[] = [];
    const supervisor = new Supervisor((line) => printed.push(line), ['worker']);
    const script = `console.log(JSON.stringify({ level: 30, time: '2026-01-01T10:00:00.000Z', msg: 'bundle\\nline two' })); console.log('plain'); setTimeout(() => process.exit(3), 200);`;
    await expect(
      supervisor.start({ name: 'worker', command: process.execPath, args: ['-e', script], ready: async () => false, readyTimeoutMs: 10_000 }),
    ).rejects.toThrow(/worker exited with code 3 while starting/);
    expect(printed).toEqual(expect.arrayContaining(['worker │ 10:00:00 INFO  bundle', 'worker │ line two', 'worker │ plain']));
    await supervisor.stop();
  });
});
