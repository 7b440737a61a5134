import { tokenSubject } from './customers';

const jwt = (payload: unknown) => `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('tokenSubject', () => {
  it('reads the sub claim of a token', () => {
    expect(tokenSubject(jwt({ sub: 'user-1', aud: 'x' }))).toBe('user-1');
  });

  it('refuses tokens without a subject', () => {
    expect(() => tokenSubject(jwt({ aud: 'x' }))).toThrow('no subject');
    expect(() => tokenSubject('garbage')).toThrow('not a JWT');
  });
});
