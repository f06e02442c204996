import { ApiError, type ApiErrorBody, CSRF_COOKIE } from '../api/client';
import { sessionEvents } from '../auth/session-events';
import { currentLanguage } from '../i18n/i18n';
import type { EvidenceFile } from './submission.queries';

/** What the API accepts as evidence (libs/submissions/evidence.ts), by type and file extension. */
export const EVIDENCE_ACCEPT: Record<string, string[]> = {
  'application/pdf': ['.pdf'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'text/csv': ['.csv'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
};
/** EVIDENCE_MAX_BYTES of the API (10 MiB by default); the API checks again and answers 413. */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

/** The type to declare: by extension first, since browsers name CSV files differently (e.g. application/vnd.ms-excel). */
function evidenceType(file: File): string | null {
  const name = file.name.toLowerCase();
  for (const [type, extensions] of Object.entries(EVIDENCE_ACCEPT)) if (extensions.some((e) => name.endsWith(e))) return type;
  return EVIDENCE_ACCEPT[file.type] ? file.type : null;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function csrfToken(): string | null {
  const match = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return match ? decodeURIComponent(match.slice(CSRF_COOKIE.length + 1)) : null;
}

/**
 * PUT the raw file with upload progress (fetch cannot report it): XMLHttpRequest, same origin,
 * with the CSRF header and the language like every other request. Resolves with the stored file,
 * rejects with an ApiError in the API's error shape (413, 415, 409, 401 …).
 */
export function uploadEvidence(submissionId: string, file: File, onProgress: (percent: number) => void): { done: Promise<EvidenceFile>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<EvidenceFile>((resolve, reject) => {
    xhr.open('PUT', `/api/submissions/${encodeURIComponent(submissionId)}/evidence?filename=${encodeURIComponent(file.name)}`);
    xhr.withCredentials = true;
    xhr.responseType = 'json';
    xhr.setRequestHeader('content-type', evidenceType(file) ?? (file.type || 'application/octet-stream'));
    xhr.setRequestHeader('accept-language', currentLanguage());
    const csrf = csrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100)); };
    xhr.onload = () => {
      const body = xhr.response as ({ evidence: EvidenceFile } & Partial<ApiErrorBody>) | null;
      if (xhr.status >= 200 && xhr.status < 300 && body?.evidence) return resolve(body.evidence);
      if (xhr.status === 401) sessionEvents.expired();
      reject(new ApiError(xhr.status, body?.error ?? { code: xhr.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INTERNAL', status: xhr.status, message: xhr.statusText }));
    };
    xhr.onerror = () => reject(new ApiError(0, { code: 'network', status: 0, message: '' }));
    xhr.onabort = () => reject(new ApiError(0, { code: 'aborted', status: 0, message: '' }));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
