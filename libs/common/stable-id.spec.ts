import { stableId } from './stable-id.js';

describe('stableId', () => {
  it('is a deterministic RFC 9562 version-5 UUID', () => {
    const id = stableId('organisation', 'moea');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableId('organisation', 'moea')).toBe(id);
  });

  it('differs by kind and by key', () => {
    expect(stableId('organisation', 'moea')).not.toBe(stableId('programme', 'moea'));
    expect(stableId('organisation', 'moea')).not.toBe(stableId('organisation', 'moda'));
  });
});
