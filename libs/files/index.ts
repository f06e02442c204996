export { attachmentDisposition } from './content-disposition.js';
export { CSV_CONTENT_TYPE, csvDocument, neutraliseFormula } from './csv.js';
export { withoutBidiControls } from './file-names.js';
export { sha256, stageFile, storedFilePath, storeOnce } from './stored-file.js';
export { datedWorkbookWriter, XLSX_CONTENT_TYPE } from './xlsx.js';
