// The payment provider sandbox as a process: in-memory state, listens on SERVICE_BIND_HOST:PAYMENT_PROVIDER_PORT (loopback by default) until SIGINT/SIGTERM.
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { listen } from '../../workers/health-server';
import { createPaymentProviderApp } from './app';

async function run(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('payment-provider', config.LOG_LEVEL);
  const app = createPaymentProviderApp();
  app.on('error', (err: unknown) => logger.error({ err }, 'request failed'));
  const server = await listen(app, config.PAYMENT_PROVIDER_PORT, 'PAYMENT_PROVIDER_PORT', config.SERVICE_BIND_HOST);
  logger.info({ host: config.SERVICE_BIND_HOST, port: config.PAYMENT_PROVIDER_PORT }, 'payment provider sandbox listening');

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info({ signal }, 'shutting down');
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeAllConnections(); // also ends requests held open by tok_unavailable
  await closed;
  logger.info('stopped');
}

run().then(
  () => process.exit(0),
  (err: unknown) => {
    createLogger('payment-provider').fatal(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
