import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig, logLevels } from '../../../libs/config/config.js';
import { API_PREFIX, createApiApp } from './create-app.js';

let config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}

const app = await createApiApp({ logger: logLevels(config.runtime.LOG_LEVEL) });
await app.listen({ host: config.http.HOST, port: config.http.PORT });
new Logger('api').log(`Guankao API on ${config.http.publicUrl}/${API_PREFIX} (docs: ${config.http.publicUrl}/${API_PREFIX}/docs)`);
