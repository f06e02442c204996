import { buildSubscriberRegistry, OutboxSubscriberRegistryError } from './subscriber-registry.js';
import { OUTBOX_TOPICS, OutboxTopic } from './topics.js';

describe('outbox subscriber registry', () => {
  const subscriber = { handle: async () => undefined };

  it('maps every topic to its subscribers, two on one topic included', () => {
    const registry = buildSubscriberRegistry([
      { topics: OUTBOX_TOPICS, subscriber, className: 'Everything' },
      { topics: [OutboxTopic.ReportRequested], subscriber, className: 'Reports' },
    ]);
    expect([...registry.keys()].sort()).toEqual([...OUTBOX_TOPICS].sort());
    expect(registry.get(OutboxTopic.ReportRequested)).toHaveLength(2);
  });

  it('refuses to start with a topic nobody subscribes to, or a subscription to an unknown topic, naming each', () => {
    const found = [
      { topics: OUTBOX_TOPICS.filter((t) => t !== OutboxTopic.SubmissionAccepted && t !== OutboxTopic.GateConditionWaived), subscriber, className: 'Most' },
      { topics: ['submission.faxed'], subscriber, className: 'FaxSubscriber' },
    ];
    expect(() => buildSubscriberRegistry(found)).toThrow(OutboxSubscriberRegistryError);
    expect(() => buildSubscriberRegistry(found)).toThrow(/submission\.accepted: no subscriber/);
    expect(() => buildSubscriberRegistry(found)).toThrow(/gate_condition\.waived: no subscriber/);
    expect(() => buildSubscriberRegistry(found)).toThrow(/FaxSubscriber: subscribes to unknown topic "submission\.faxed"/);
  });
});
