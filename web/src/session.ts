// The signed-in customer: the bearer token from POST /api/auth/login, kept in this browser until it expires or the
// customer signs out. The token is only ever sent in the Authorization header, never in a URL.

/** A signed-in customer. */
export interface Session {
  token: string;
  email: string;
  /** When the token expires (ms since the epoch), a little before its `exp`. */
  expiresAt: number;
}

const KEY = 'durable-shop.session';
const listeners = new Set<() => void>();

function read(): Session | undefined {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null;
    return saved && typeof saved.token === 'string' && saved.expiresAt > Date.now() ? saved : undefined;
  } catch {
    return undefined;
  }
}

/** The current session, or undefined when signed out (or the token has expired). */
export const currentSession = (): Session | undefined => read();

/** Keeps the session of a successful login (`expiresIn` in seconds). */
export function signedIn(email: string, token: string, expiresIn: number): void {
  const session: Session = { token, email, expiresAt: Date.now() + Math.max(0, expiresIn - 30) * 1000 };
  localStorage.setItem(KEY, JSON.stringify(session));
  notify();
}

/** Forgets the session (sign out, or the gateway refused the token). */
export function signOut(): void {
  localStorage.removeItem(KEY);
  notify();
}

/** Calls `listener` whenever the customer signs in or out (in this tab or another), until `signal` aborts. */
export function onSessionChange(listener: () => void, signal?: AbortSignal): void {
  listeners.add(listener);
  signal?.addEventListener('abort', () => listeners.delete(listener), { once: true });
}

function notify() {
  for (const listener of listeners) listener();
}

window.addEventListener('storage', (event) => {
  if (event.key === KEY) notify();
});
