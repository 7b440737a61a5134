import { testConfig } from './test-env';

/** Base URL of the test stack's gateway. */
export const gatewayUrl = () => `http://127.0.0.1:${testConfig().GATEWAY_PORT}`;

/** A JSON request to the test gateway (or the gateway at `base`); returns status, headers and parsed body. */
export async function api(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  base = gatewayUrl(),
) {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, body: json as Record<string, unknown> };
}

/** Polls `fn` until it returns true or `timeoutMs` passes; returns the last value. */
export async function eventually(fn: () => Promise<boolean>, timeoutMs = 30_000, intervalMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fn().catch(() => false);
    if (ok || Date.now() > deadline) return ok;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
