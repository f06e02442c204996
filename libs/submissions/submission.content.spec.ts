import { canonicalDecimal, diffContent, EMPTY_CONTENT, type EvidenceRef } from './submission.content.js';
import { submissionMachine } from './submission.machine.js';
import { SubmissionStatus } from './submission.entity.js';

describe('canonicalDecimal', () => {
  it('spells a number one way, without going through a float', () => {
    expect(['45', '45.0', '045.00', '0.10', '-0.0', '-007.50', '12345678901234.123456'].map(canonicalDecimal))
      .toEqual(['45', '45', '45', '0.1', '0', '-7.5', '12345678901234.123456']);
  });
});

describe('diffContent', () => {
  const files = new Map<string, EvidenceRef>([
    ['a', { id: 'a', filename: 'r.pdf', sha256: '1' }],
    ['b', { id: 'b', filename: 'r.pdf', sha256: '1' }], // the same file uploaded again
    ['c', { id: 'c', filename: 'p.png', sha256: '2' }],
  ]);

  it('names each changed field and nothing else', () => {
    const from = { ...EMPTY_CONTENT, progressPercent: '10.00', narrative: 'x', evidence: ['a'] };
    const to = { ...from, progressPercent: '20.00', indicatorActuals: [{ indicator: 'k', value: '1', note: null }], evidence: ['b', 'c'] };
    expect(diffContent(from, to, files)).toEqual([
      { field: 'progressPercent', from: '10.00', to: '20.00' },
      { field: 'indicatorActuals', from: [], to: [{ indicator: 'k', value: '1', note: null }] },
      {
        field: 'evidence', from: [{ filename: 'r.pdf', sha256: '1' }], to: [{ filename: 'r.pdf', sha256: '1' }, { filename: 'p.png', sha256: '2' }],
        added: [{ filename: 'p.png', sha256: '2' }], removed: [],
      },
    ]);
    expect(diffContent(from, { ...from, evidence: ['b'] }, files)).toEqual([]);
  });
});

describe('submissionMachine', () => {
  it('allows each step only from its state', () => {
    expect(submissionMachine.apply(SubmissionStatus.Returned, 'revise')).toBe(SubmissionStatus.Draft);
    expect(() => submissionMachine.apply(SubmissionStatus.Draft, 'accept')).toThrow(/Cannot accept a submission that is draft/);
    expect(submissionMachine.can(SubmissionStatus.Submitted, 'approve')).toBe(false);
  });
});
