import type { ErrorCode } from './errors.js';
import { CODE_PATTERN } from './codes.js';

/**
 * The languages of error messages, and the one catalogue of their zh-TW sentences.
 *
 * Field problems carry stable codes: the class-validator constraint that failed (`isInt`, `min`,
 * `max`, `maxLength`, `matches`, `isEnum`, `isUuid`, `isIsoDate`, `whitelistValidation` for a
 * field the route does not know …, see FIELD_CODES), or for a rule a service checks against the
 * data one of ServiceProblemCode (`required`, `unknownReference`, `duplicate`, `exactlyOne`, else `invalid`). Clients match on the code; the
 * sentence is for people.
 */
export type Language = 'en' | 'zh-TW';

/**
 * The language of a response: the first of zh / en in Accept-Language by q-value (zh, zh-TW,
 * zh-Hant … all mean Traditional Chinese here); without either (no header, or `*` as fetch sends),
 * the user's locale when the caller is the web application (`userLocale` is given only for
 * browser sessions); otherwise English, so API clients and scripts read stable English messages.
 */
export function preferredLanguage(acceptLanguage: string | string[] | undefined, userLocale?: string | null): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage ?? '';
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0 && (r.primary === 'zh' || r.primary === 'en'))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  if (ranges.length) return ranges[0].primary === 'zh' ? 'zh-TW' : 'en';
  return userLocale?.toLowerCase().startsWith('zh') ? 'zh-TW' : 'en';
}

/** The code of a problem a service found without a more precise one (not a DTO constraint). */
export const SERVICE_PROBLEM_CODE = 'invalid';

/**
 * Codes of problems services find in the data (fieldProblem() in validation.ts): `required` (the field
 * must be given here: a comment to return, the year of an amount), `unknownReference` (a code or id
 * that names nothing the field may refer to), `duplicate` (the same item twice in a list),
 * `exactlyOne` (exactly one of these fields must be given), else `invalid`.
 */
export type ServiceProblemCode = 'required' | 'unknownReference' | 'duplicate' | 'exactlyOne' | typeof SERVICE_PROBLEM_CODE;

type Sentence = (field: string, args: unknown[]) => string;

const q = (field: string) => `「${field}」`;
const list = (args: unknown[]) => (Array.isArray(args[0]) ? args[0] : Object.values((args[0] as object) ?? {})).join('、');

/** zh-TW sentence per class-validator constraint, with the field and the constraint's arguments. */
const ZH_BY_CONSTRAINT: Record<string, Sentence> = {
  isInt: (f) => `${q(f)}必須是整數`,
  isNumber: (f) => `${q(f)}必須是數字`,
  isNumberString: (f) => `${q(f)}必須是以字串表示的數字`,
  min: (f, [n]) => `${q(f)}不可小於 ${n}`,
  max: (f, [n]) => `${q(f)}不可大於 ${n}`,
  maxLength: (f, [n]) => `${q(f)}不可超過 ${n} 字`,
  minLength: (f, [n]) => `${q(f)}至少需要 ${n} 字`,
  isString: (f) => `${q(f)}必須是文字`,
  isBoolean: (f) => `${q(f)}必須是 true 或 false`,
  isArray: (f) => `${q(f)}必須是清單`,
  isObject: (f) => `${q(f)}必須是物件`,
  arrayMaxSize: (f, [n]) => `${q(f)}最多 ${n} 項`,
  arrayMinSize: (f, [n]) => `${q(f)}至少需要 ${n} 項`,
  isEnum: (f, args) => `${q(f)}必須是下列之一：${list(args)}`,
  isIn: (f, args) => `${q(f)}必須是下列之一：${list(args)}`,
  isUuid: (f) => `${q(f)}必須是 UUID`,
  isEmail: (f) => `${q(f)}必須是電子郵件地址`,
  isIsoDate: (f) => `${q(f)}必須是西元日期，格式 YYYY-MM-DD，例如 2025-12-31`,
  isDefined: (f) => `${q(f)}為必填`,
  isNotEmpty: (f) => `${q(f)}不可空白`,
  nestedValidation: (f) => `${q(f)}的內容格式不正確`,
  whitelistValidation: (f) => `${q(f)}不是這裡可用的欄位`,
};

/** `matches`: the format, by the pattern's source where it is shared, else by the field's last name. */
const ZH_FORMAT_BY_PATTERN: Record<string, string> = {
  [CODE_PATTERN.source]: '必須是代碼：小寫英文字母、數字與「-」，最多 64 字元',
  [/\S/.source]: '不可空白',
  '^[0-9]{4}-Q[1-4]$': '必須是報告期別，格式 YYYY-Qn，例如 2024-Q3',
  '^\\d{4}-Q[1-4]$': '必須是季別，格式 YYYY-Qn，例如 2024-Q3',
};
const ZH_FORMAT_BY_FIELD: Record<string, string> = {
  progressPercent: '必須是 0 到 100 的數字（字串），最多 2 位小數，例如 "45.5"',
  budgetExecuted: '必須是不小於 0 的金額（億元，字串），最多 4 位小數，例如 "1.25"',
  value: '必須是以字串表示的數字，例如 "8123" 或 "12.5"',
  weight: '必須是以字串表示的數字，例如 "3" 或 "2.5"',
  criterion: '必須是評核項目代碼，例如 "c1"',
  code: '必須是代碼：小寫英文字母、數字與「-」',
  entityType: '必須是小寫的資料類型名稱，例如 submission',
  period: '必須是季別，格式 YYYY-Qn，例如 2024-Q3',
};

/** A field problem in zh-TW; `english` is kept when the problem is a service's own (no catalogue entry). */
export function zhFieldProblem(field: string, code: string, args: unknown[], each: boolean, english: string): string {
  const prefix = each ? `${q(field)}的每一項` : q(field);
  if (code === 'matches') {
    const source = args[0] instanceof RegExp ? args[0].source : String(args[0] ?? '');
    const last = field.split('.').pop() ?? field;
    const format = ZH_FORMAT_BY_PATTERN[source] ?? ZH_FORMAT_BY_FIELD[last] ?? '格式不正確';
    return `${prefix}${format}`;
  }
  const sentence = ZH_BY_CONSTRAINT[code];
  if (!sentence) return english;
  const text = sentence(field, args);
  return each ? text.replace(q(field), prefix) : text;
}

const ZH_ENTITY: Record<string, string> = {
  submission: '填報', 'submission revision': '填報版本', 'evidence file': '佐證檔案', milestone: '查核點', 'sub-project': '細部計畫',
  programme: '計畫', 'due-date change request': '期限變更申請', gate: '階段', 'gate review': '階段審查', 'gate condition': '審查附帶條件',
  meeting: '會議', resolution: '決議', 'resolution assignment': '決議分工', notification: '通知', report: '報表', 'report schedule': '排程報表',
  'light override': '燈號調整', user: '使用者', organisation: '機關',
};

/**
 * The top-level message in zh-TW for the errors a person meets in the web application, from the
 * code and its details; undefined keeps the English one (errors only API clients see).
 */
export function zhErrorMessage(code: ErrorCode, details: Record<string, unknown> | undefined, fieldNames: string[]): string | undefined {
  const d = details ?? {};
  switch (code) {
    case 'VALIDATION_FAILED':
      return fieldNames.length ? `輸入有誤：${fieldNames.join('、')}` : '輸入有誤：請檢查後再送出';
    case 'UNAUTHENTICATED':
      return '請先登入；若已登入，登入可能已逾時，請重新登入後繼續';
    case 'FORBIDDEN':
      return '您沒有權限執行此操作：資料屬於其他機關，或您的角色不能這樣做';
    case 'CSRF_FAILED':
      return '安全驗證失敗：請重新載入頁面後再試一次';
    case 'NOT_FOUND': {
      const entity = typeof d.entity === 'string' ? ZH_ENTITY[d.entity] ?? d.entity : undefined;
      if (entity && d.revision !== undefined) return `找不到${entity}：沒有第 ${d.revision} 版`;
      return entity ? `找不到${entity}「${String(d.id ?? '')}」：可能已被刪除，或網址有誤` : '找不到這個網址';
    }
    case 'STALE_VERSION':
      return d.expected !== undefined
        ? `資料已被他人修改（您看到的是第 ${d.expected} 版，目前是第 ${d.actual} 版）：請重新載入，再套用您的修改`
        : '資料已被他人修改：請重新載入，再套用您的修改';
    case 'INVALID_TRANSITION':
      return d.from !== undefined
        ? `目前的狀態（${String(d.from)}）不能執行此操作：請重新載入查看最新狀態`
        : '目前的狀態不能執行此操作：請重新載入查看最新狀態';
    case 'CONFLICT':
      return '與現有資料衝突：請重新載入後再試';
    case 'PAYLOAD_TOO_LARGE':
      return typeof d.maxBytes === 'number' ? `檔案過大：上限為 ${formatBytes(d.maxBytes)}` : '傳送的資料過大';
    case 'UNSUPPORTED_MEDIA_TYPE':
      return (typeof d.reason === 'string' ? ZH_FILE_CONTENT[d.reason] : undefined) ?? '不接受此檔案類型，或檔案內容與其類型不符：可上傳 PDF、PNG、JPEG、CSV、XLSX、DOCX';
    case 'RATE_LIMITED':
      return typeof d.retryAfterSeconds === 'number'
        ? `嘗試次數過多：請於 ${d.retryAfterSeconds < 60 ? `${d.retryAfterSeconds} 秒` : `${Math.ceil(d.retryAfterSeconds / 60)} 分鐘`}後再試`
        : '嘗試次數過多：請稍後再試';
    case 'INTERNAL':
      return '系統發生錯誤：請稍後再試，若持續發生請將錯誤代碼提供給管理者';
    case 'SERVICE_UNAVAILABLE':
      return '服務暫時無法使用：請稍後再試';
    default:
      return undefined;
  }
}

/** Why an uploaded file is not what its type says (`details.reason`, libs/submissions/evidence.ts). */
const ZH_FILE_CONTENT: Record<string, string> = {
  otherType: '檔案內容與宣告的類型不符：請確認副檔名與檔案本身一致',
  notPdf: '檔案不是完整的 PDF（缺少 PDF 的交互參照結構）：請由原程式重新匯出 PDF',
  notOfficeDocument: '檔案是 ZIP 壓縮檔，而不是 Excel（XLSX）或 Word（DOCX）文件：請由 Office 重新存檔',
  notUtf8Text: 'CSV 必須是 UTF-8 編碼的文字檔：請以「CSV UTF-8」格式另存',
  markup: '檔案內容是 HTML 或 XML 網頁，不是 CSV：請上傳試算表匯出的 CSV',
};

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MiB` : bytes >= 1024 ? `${+(bytes / 1024).toFixed(1)} KiB` : `${bytes} bytes`;
}
