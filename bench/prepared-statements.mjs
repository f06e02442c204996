/**
 * A measured what-if, not production code: preloaded into the API (`node --import`) for the
 * "ours-prepared" target, it turns every parameterised statement node-postgres sends into a named
 * prepared statement (named after its text), so PostgreSQL parses and plans it once per connection
 * instead of on every execution. The application code is unchanged.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const pg = createRequire(import.meta.url)('pg');
const send = pg.Client.prototype.query;
pg.Client.prototype.query = function query(config, values, callback) {
  if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
    const name = `g${createHash('sha1').update(config).digest('hex').slice(0, 24)}`;
    return send.call(this, { name, text: config, values }, callback);
  }
  return send.call(this, config, values, callback);
};
