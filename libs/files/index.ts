export { attachmentDisposition } from './content-disposition.js';
export { CSV_BOM, CSV_CONTENT_TYPE, csvDocument, csvLine, neutraliseFormula } from './csv.js';
export { withoutBidiControls } from './file-names.js';
export { ODS_CONTENT_TYPE, OdsWriter } from './ods.js';
export { sha256, stageFile, storedFilePath, storeOnce } from './stored-file.js';
export { datedWorkbookWriter, XLSX_CONTENT_TYPE } from './xlsx.js';
export { XlsxStreamWriter } from './xlsx-stream.js';
