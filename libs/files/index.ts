export { attachmentDisposition } from './content-disposition.js';
export { CSV_CONTENT_TYPE, csvDocument, csvField, neutraliseFormula } from './csv.js';
export { withoutBidiControls } from './file-names.js';
export { sha256, stageFile, storedFilePath, storeOnce, type StagedFile } from './stored-file.js';
export { datedWorkbookWriter, XLSX_CONTENT_TYPE } from './xlsx.js';
