import { SERVICE_NAMES } from '../../contracts';
import { envKey, loadConfig, replicas, servicePort, type PlatformConfig } from '../../lib/config';

const defaults = loadConfig({});

/** Every port setting of the stack, moved by `offset` from its default (gateway 3000 + offset, Temporal 7233 + offset, …). */
export function offsetPortEnv(offset: number): Record<string, string> {
  return {
    GATEWAY_PORT: String(defaults.GATEWAY_PORT + offset),
    PAYMENT_PROVIDER_PORT: String(defaults.PAYMENT_PROVIDER_PORT + offset),
    TEMPORAL_PORT: String(defaults.TEMPORAL_PORT + offset),
    TEMPORAL_UI_PORT: String(defaults.TEMPORAL_UI_PORT + offset),
    TEMPORAL_METRICS_PORT: String(defaults.TEMPORAL_METRICS_PORT + offset),
    GATEWAY_METRICS_PORT: String(defaults.GATEWAY_METRICS_PORT + offset),
    POSTGRES_PORT: String(defaults.POSTGRES_PORT + offset),
    REDIS_PORT: String(defaults.REDIS_PORT + offset),
    ...Object.fromEntries(
      SERVICE_NAMES.map((s) => [envKey(s, 'HTTP_PORT'), String(servicePort(defaults, s) + offset)]),
    ),
  };
}

/** Every port a stack with `config` listens on. */
export function stackPorts(config: PlatformConfig): number[] {
  return [
    ...replicas(config, 'gateway').map((r) => r.port),
    config.PAYMENT_PROVIDER_PORT,
    config.TEMPORAL_PORT,
    config.TEMPORAL_UI_PORT,
    config.TEMPORAL_METRICS_PORT,
    config.GATEWAY_METRICS_PORT,
    config.POSTGRES_PORT,
    config.REDIS_PORT,
    ...SERVICE_NAMES.flatMap((s) => replicas(config, s).map((r) => r.port)),
  ];
}

/**
 * Environment of a child stack: this process's environment without any port, URL, address or data folder of the
 * caller's shell (which would point the child at another stack), plus `env`.
 */
export function isolatedStackEnv(
  env: Record<string, string>,
  inherited: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const kept = Object.fromEntries(
    Object.entries(inherited).filter(([k]) => !/_(PORT|URL|ADDRESS)$/.test(k) && k !== 'DATA_DIR'),
  );
  return { ...kept, ...env };
}
