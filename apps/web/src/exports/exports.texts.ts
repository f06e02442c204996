import { registerTexts } from '../i18n/i18n';

registerTexts('exports', {
  'zh-TW': {
    button: '匯出',
    menuLabel: '匯出目前篩選的清單',
    csv: 'CSV（Excel 可直接開啟）',
    xlsx: 'Excel 活頁簿（.xlsx）',
    ods: 'OpenDocument 試算表（.ods）',
    preparing: '正在準備匯出檔…',
    done: '已下載 {{name}}',
  },
  en: {
    button: 'Export',
    menuLabel: 'Export the list as filtered',
    csv: 'CSV (opens in Excel)',
    xlsx: 'Excel workbook (.xlsx)',
    ods: 'OpenDocument spreadsheet (.ods)',
    preparing: 'Preparing the file…',
    done: 'Downloaded {{name}}',
  },
});
