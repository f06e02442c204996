import { readFileSync } from 'node:fs';
import { OUTBOX_TOPICS } from '../outbox/topics.js';
import { EVENT_ROUTES, renderRoutesTable, UNROUTED_TOPICS } from './event-routes.js';
import { NotificationKind } from './notification.entity.js';

/** The table in README's "Who is told what" section, as written. */
function readmeTable(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('### Who is told what')[1]?.split(/\n#{2,3} /)[0] ?? '';
  return section.split('\n').filter((line) => line.startsWith('|')).join('\n');
}

describe('who is told what', () => {
  it('every topic is either routed to people or listed as worker work, never both', () => {
    for (const topic of OUTBOX_TOPICS) expect([topic, Boolean(EVENT_ROUTES[topic]) !== Boolean(UNROUTED_TOPICS[topic])]).toEqual([topic, true]);
  });

  it('no two routed topics share a notification kind, and each kind exists', () => {
    const kinds = OUTBOX_TOPICS.flatMap((t) => (EVENT_ROUTES[t] ? [EVENT_ROUTES[t].kind] : []));
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const kind of kinds) expect(Object.values(NotificationKind)).toContain(kind);
  });

  it('README\'s table is the routing table, row for row', () => {
    const expected = renderRoutesTable(OUTBOX_TOPICS).split('\n');
    const actual = readmeTable().split('\n');
    for (const [i, topic] of ['(header)', '(rule)', ...OUTBOX_TOPICS].entries()) expect([topic, actual[i]]).toEqual([topic, expected[i]]);
    expect(actual).toHaveLength(expected.length);
  });
});
