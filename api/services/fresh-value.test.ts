import { FreshValue } from './fresh-value';

/** A read whose answers the test releases one by one; counts the reads started. */
function controlledRead() {
  const pending: { resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
  const read = jest.fn(
    () =>
      new Promise<number>((resolve, reject) => {
        pending.push({ resolve, reject });
      }),
  );
  return { read, pending };
}

describe('FreshValue', () => {
  it('serves a value for the TTL, then reads again; concurrent callers share one read', async () => {
    let now = 0;
    const { read, pending } = controlledRead();
    const value = new FreshValue({ read, ttlMs: 1_000, now: () => now });
    const first = [value.get(), value.get(), value.get()];
    expect(read).toHaveBeenCalledTimes(1);
    pending[0]!.resolve(1);
    expect(await Promise.all(first)).toEqual([1, 1, 1]);

    now = 999;
    expect(await value.get()).toBe(1);
    expect(read).toHaveBeenCalledTimes(1);
    now = 1_000;
    const again = value.get();
    expect(read).toHaveBeenCalledTimes(2);
    pending[1]!.resolve(2);
    expect(await again).toBe(2);
  });

  it('keeps no failure: its callers get it, the next caller reads again', async () => {
    const { read, pending } = controlledRead();
    const value = new FreshValue({ read, ttlMs: 1_000 });
    const failing = [value.get(), value.get()];
    pending[0]!.reject(new Error('down'));
    for (const f of failing) await expect(f).rejects.toThrow('down');
    const next = value.get();
    expect(read).toHaveBeenCalledTimes(2);
    pending[1]!.resolve(5);
    expect(await next).toBe(5);
  });

  it('invalidate() forgets the value and a read under way: the next caller reads again and that read is kept', async () => {
    const { read, pending } = controlledRead();
    const value = new FreshValue({ read, ttlMs: 60_000 });
    const before = value.get();
    value.invalidate(); // the change happened while the first read was under way
    const after = value.get();
    expect(read).toHaveBeenCalledTimes(2);
    pending[1]!.resolve(2);
    pending[0]!.resolve(1);
    expect(await before).toBe(1); // its own callers still get it
    expect(await after).toBe(2);
    expect(await value.get()).toBe(2); // the older read was not kept
    expect(read).toHaveBeenCalledTimes(2);
  });
});
