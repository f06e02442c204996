import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

// The views as the API sends them (libs/submissions/submission.views.ts). Declared here, with nullable
// scalars typed as they are, so the screens do not depend on how the generated schema spells them.
interface UserRef { id: string; displayName: string }
interface OrganisationRef { code: string; name: string }
export interface EvidenceFile {
  id: string; filename: string; contentType: string; sizeBytes: number; sha256: string;
  uploadedBy: UserRef; organisation: OrganisationRef | null; createdAt: string;
}
interface IndicatorActual { indicator: string; value: string; note: string | null }
export interface SubmissionContent {
  progressPercent: string | null; narrative: string; indicatorActuals: IndicatorActual[];
  budgetExecuted: string | null; budgetYear: { ad: number; roc: number } | null; evidence: string[];
}
type SubmissionStatus = 'draft' | 'awaiting_supervisor' | 'submitted' | 'accepted' | 'returned';
export interface Review { action: 'submit' | 'approve' | 'send_back' | 'accept' | 'return' | 'revise'; comment: string | null; actor: UserRef; at: string; revision: number }
interface RevisionSummary { revision: number; createdAt: string; createdBy: UserRef }
export interface SubmissionDetail {
  id: string; status: SubmissionStatus; version: number;
  subProject: { code: string; name: string; lead: OrganisationRef | null; status: string };
  milestone: { code: string; deliverable: string; dueDate: { ad: string; roc: string }; status: string } | null;
  period: string; createdAt: string; updatedAt: string; submittedAt: string | null; decidedAt: string | null;
  revision: number; content: SubmissionContent; revisions: RevisionSummary[]; reviews: Review[];
  evidence: EvidenceFile[];
  /** Uploaded since the last saved revision: the next save lists them (ministry users only). */
  pendingEvidence?: EvidenceFile[];
}
export interface Revision extends RevisionSummary { content: SubmissionContent; evidence: EvidenceFile[] }
export interface ContentChange {
  field: 'progressPercent' | 'narrative' | 'indicatorActuals' | 'budgetExecuted' | 'budgetYear' | 'evidence';
  from: unknown; to: unknown;
  added?: { filename: string; sha256: string }[]; removed?: { filename: string; sha256: string }[];
}
export interface IndicatorOption { code: string; text: string; unit: string | null; group: string }

export const submissionKey = (id: string) => ['submission', id] as const;

export const submissionQuery = (id: string) =>
  queryOptions({
    queryKey: submissionKey(id),
    queryFn: async () => (await unwrap(api.GET('/api/submissions/{id}', { params: { path: { id } } }))) as unknown as SubmissionDetail,
  });

export const revisionQuery = (id: string, revision: number) =>
  queryOptions({
    queryKey: ['submission', id, 'revision', revision],
    queryFn: async () => (await unwrap(api.GET('/api/submissions/{id}/revisions/{revision}', { params: { path: { id, revision } } }))) as unknown as Revision,
    staleTime: Infinity, // a saved revision never changes
  });

export const diffQuery = (id: string, from: number, to: number) =>
  queryOptions({
    queryKey: ['submission', id, 'diff', from, to],
    queryFn: async () => (await unwrap(api.GET('/api/submissions/{id}/diff', { params: { path: { id }, query: { from, to } } }))) as unknown as ContentChange[],
    staleTime: Infinity,
  });

interface IndicatorView { code: string; text: string; unit: string | null }

export interface SubmissionContext {
  /** whether the caller's organisation leads the sub-project (only the lead's officers edit and submit) */
  callerPart: 'lead' | 'co_organiser' | null;
  /** The indicators a submission may report: the sub-project's own, then its programme's (axes' key results and goals). */
  indicators: IndicatorOption[];
}

export const submissionContextQuery = (subProjectCode: string) =>
  queryOptions({
    queryKey: ['sub-project', subProjectCode, 'submission-context'],
    staleTime: 10 * 60_000,
    queryFn: async (): Promise<SubmissionContext> => {
      const sp = (await unwrap(api.GET('/api/sub-projects/{code}', { params: { path: { code: subProjectCode } } }))) as unknown as {
        programme: { code: string; name: string }; indicators: IndicatorView[]; callerPart?: 'lead' | 'co_organiser' | null;
      };
      const programme = (await unwrap(api.GET('/api/programmes/{code}', { params: { path: { code: sp.programme.code } } }))) as unknown as {
        name: string; keyResults: IndicatorView[]; axes: { name: string; keyResults: IndicatorView[] }[];
      };
      const seen = new Set<string>();
      const options: IndicatorOption[] = [];
      const add = (list: IndicatorView[], group: string) => {
        for (const i of list) if (!seen.has(i.code)) { seen.add(i.code); options.push({ code: i.code, text: i.text, unit: i.unit, group }); }
      };
      add(sp.indicators, 'subProject');
      for (const axis of programme.axes) add(axis.keyResults, axis.name);
      add(programme.keyResults, programme.name);
      return { callerPart: sp.callerPart ?? null, indicators: options };
    },
  });
