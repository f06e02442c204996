import { AppError } from './errors.js';
import { StateMachine, type TransitionRecord } from './state-machine.js';

type Door = 'open' | 'closed' | 'locked';
const door = new StateMachine<Door, 'close' | 'lock' | 'open', TransitionRecord<Door, { hasKey: boolean }>>('door', {
  close: { from: ['open'], to: 'closed', by: ['porter'] },
  lock: { from: ['closed'], to: 'locked', comment: { field: 'reason', en: 'say why', zh: '請說明原因' }, veto: ({ hasKey }) => (hasKey ? undefined : 'You need the key to lock the door') },
  open: { from: ['closed'], to: 'open' },
});

const refusal = (run: () => unknown): AppError => {
  try {
    run();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('not refused');
};

describe('StateMachine: one record per transition', () => {
  it('refuses a step from a state not listed, naming what was tried', () => {
    const e = refusal(() => door.apply('locked', 'open'));
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.message).toBe('Cannot open a door that is locked (only from: closed)');
  });

  it('refuses a caller whose roles are not in the record', () => {
    expect(refusal(() => door.apply('open', 'close', { roles: ['guest'] })).code).toBe('FORBIDDEN');
    expect(door.apply('open', 'close', { roles: ['guest', 'porter'] })).toBe('closed');
  });

  it('refuses a blank comment where the record requires one, then asks the veto', () => {
    const blank = refusal(() => door.apply('closed', 'lock', { comment: '  ', context: { hasKey: true } }));
    expect(blank.code).toBe('VALIDATION_FAILED');
    expect(door.commentProblem('lock', null)).toMatchObject({ field: 'reason', problems: ['say why'], codes: ['required'] });
    expect(door.commentProblem('open', null)).toBeNull();
    const vetoed = refusal(() => door.apply('closed', 'lock', { comment: 'night', context: { hasKey: false } }));
    expect(vetoed.code).toBe('INVALID_TRANSITION');
    expect(vetoed.message).toBe('You need the key to lock the door');
    expect(door.apply('closed', 'lock', { comment: 'night', context: { hasKey: true } })).toBe('locked');
  });

  it('lists its records with their names', () => {
    expect(door.records().map((r) => [r.transition, r.to])).toEqual([['close', 'closed'], ['lock', 'locked'], ['open', 'open']]);
  });
});
