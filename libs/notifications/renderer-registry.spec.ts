import { buildRendererRegistry, RendererRegistryError } from './renderer-registry.js';
import { NotificationKind } from './notification.entity.js';

describe('notification renderer registry', () => {
  const renderer = { render: async () => ({ subject: '', text: '', html: '' }) };
  const all = Object.values(NotificationKind);

  it('maps every kind to its one renderer', () => {
    const registry = buildRendererRegistry([
      { kinds: all.filter((k) => k !== NotificationKind.Digest), renderer, className: 'Most' },
      { kinds: [NotificationKind.Digest], renderer, className: 'DigestRenderer' },
    ]);
    expect([...registry.keys()].sort()).toEqual([...all].sort());
  });

  it('refuses a kind without a renderer, with two, or an unknown kind, naming each', () => {
    const found = [
      { kinds: all.filter((k) => k !== NotificationKind.ScheduledReport), renderer, className: 'Most' },
      { kinds: [NotificationKind.Digest, 'fax' as NotificationKind], renderer, className: 'AnotherDigest' },
    ];
    expect(() => buildRendererRegistry(found)).toThrow(RendererRegistryError);
    expect(() => buildRendererRegistry(found)).toThrow(/scheduled_report: no renderer/);
    expect(() => buildRendererRegistry(found)).toThrow(/digest: 2 renderers \(Most, AnotherDigest\)/);
    expect(() => buildRendererRegistry(found)).toThrow(/AnotherDigest: renders unknown kind "fax"/);
  });
});
