import { ConfigError, loadConfig } from '../../../libs/config/config.js';
import { createProcessLogger, versionsText } from '../../../libs/common/logger.js';
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

const logger = createProcessLogger(config.runtime.LOG_LEVEL);
const app = await createApiApp({ logger });
await app.listen({ host: config.http.HOST, port: config.http.PORT });
const url = config.http.publicUrl;
// The one start-up line (Nest's line per module and route shows with LOG_LEVEL=debug).
logger.log(`Guankao API on ${url}/ (API ${url}/${API_PREFIX}, docs ${url}/${API_PREFIX}/docs, health ${url}/health; ${versionsText()})`, 'api');
