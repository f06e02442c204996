import { AppError, type ErrorCode } from '../../common/errors.js';

/**
 * Why a file is refused as a whole (nothing of it is read into a preview). Each reason has its zh-TW and
 * English sentence in apps/web/src/imports/imports.texts.ts (`fileProblem.<reason>`).
 */
export type FileProblemReason =
  | 'fileType' | 'contentMismatch' | 'macro' | 'encrypted' | 'legacyXls' | 'corrupt'
  | 'fileSize' | 'zipBomb'
  | 'emptySheet' | 'noDataRows' | 'tooManyColumns' | 'tooManyRows' | 'missingColumns' | 'unknownColumns' | 'duplicateColumns' | 'cellTooLong';

const STATUS_CODE: Record<FileProblemReason, ErrorCode> = {
  fileType: 'UNSUPPORTED_MEDIA_TYPE',
  contentMismatch: 'UNSUPPORTED_MEDIA_TYPE',
  macro: 'UNSUPPORTED_MEDIA_TYPE',
  encrypted: 'UNSUPPORTED_MEDIA_TYPE',
  legacyXls: 'UNSUPPORTED_MEDIA_TYPE',
  corrupt: 'UNPROCESSABLE',
  fileSize: 'PAYLOAD_TOO_LARGE',
  zipBomb: 'PAYLOAD_TOO_LARGE',
  emptySheet: 'UNPROCESSABLE',
  noDataRows: 'UNPROCESSABLE',
  tooManyColumns: 'UNPROCESSABLE',
  tooManyRows: 'UNPROCESSABLE',
  missingColumns: 'UNPROCESSABLE',
  unknownColumns: 'UNPROCESSABLE',
  duplicateColumns: 'UNPROCESSABLE',
  cellTooLong: 'UNPROCESSABLE',
};

/** A refused file: the HTTP code by kind of refusal, `details.reason` names it, `details.params` fill its sentence. */
export class ImportFileError extends AppError {
  constructor(readonly reason: FileProblemReason, message: string, readonly params: Record<string, unknown> = {}) {
    super(STATUS_CODE[reason], message, { reason, params });
  }
}
