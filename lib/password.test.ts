import { hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('produces a self-describing scrypt hash', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain('correct horse');
  });

  it('salts every hash, so two hashes of one password differ', async () => {
    const [a, b] = await Promise.all([hashPassword('same-password'), hashPassword('same-password')]);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('s3cret-passw0rd');
    await expect(verifyPassword('s3cret-passw0rd', hash)).resolves.toBe(true);
    await expect(verifyPassword('s3cret-passw0rD', hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  it('answers false, never throws, for malformed hashes', async () => {
    const hash = await hashPassword('s3cret-passw0rd');
    const [, , , , salt, key] = hash.split('$');
    const malformed = [
      '',
      'scrypt',
      `bcrypt$32768$8$1$${salt}$${key}`,
      `scrypt$32768$8$1$${salt}`,
      `scrypt$32768$8$1$$${key}`,
      `scrypt$32768$8$1$${salt}$${key}$extra`,
      `scrypt$abc$8$1$${salt}$${key}`, // N not a number
      `scrypt$3$8$1$${salt}$${key}`, // N not a power of two
      `scrypt$1073741824$8$1$${salt}$${key}`, // over the memory limit
      `scrypt$16384$8$1$${salt}$${key}`, // other cost: different key
      `scrypt$32768$8$1$${salt}$${key.slice(0, 20)}`, // truncated key
    ];
    for (const encoded of malformed) {
      await expect(verifyPassword('s3cret-passw0rd', encoded)).resolves.toBe(false);
    }
  });

  it('normalises unicode (NFKC), so equivalent spellings verify', async () => {
    const composed = 'caf\u00e9-p\u00e4ss'; // é and ä as single code points
    const decomposed = 'cafe\u0301-pa\u0308ss'; // e + combining acute, a + combining diaeresis
    expect(composed).not.toBe(decomposed);
    const hash = await hashPassword(composed);
    await expect(verifyPassword(decomposed, hash)).resolves.toBe(true);

    const fullWidth = '\uff50\uff41\uff53\uff53\uff57\uff4f\uff52\uff44'; // ｐａｓｓｗｏｒｄ
    await expect(verifyPassword(fullWidth, await hashPassword('password'))).resolves.toBe(true);
    await expect(verifyPassword('cafe-pass', hash)).resolves.toBe(false);
  });
});
