import { UserLocale } from '../users/user.entity.js';

/** The words of each stored state in an export, as the web app shows them (apps/web/src/i18n/common.texts.ts). */
export type Words = Record<string, Record<UserLocale, string>>;

export const SUB_PROJECT_STATUS: Words = {
  draft: { [UserLocale.ZhTw]: '草稿', [UserLocale.En]: 'Draft' },
  assigned: { [UserLocale.ZhTw]: '已分派', [UserLocale.En]: 'Assigned' },
  acknowledged: { [UserLocale.ZhTw]: '已確認', [UserLocale.En]: 'Acknowledged' },
  active: { [UserLocale.ZhTw]: '執行中', [UserLocale.En]: 'Active' },
  suspended: { [UserLocale.ZhTw]: '暫停', [UserLocale.En]: 'Suspended' },
  closed: { [UserLocale.ZhTw]: '已結案', [UserLocale.En]: 'Closed' },
};

export const SUBMISSION_STATUS: Words = {
  draft: { [UserLocale.ZhTw]: '草稿', [UserLocale.En]: 'Draft' },
  awaiting_supervisor: { [UserLocale.ZhTw]: '待主管核定', [UserLocale.En]: 'Awaiting supervisor' },
  submitted: { [UserLocale.ZhTw]: '待執秘室審核', [UserLocale.En]: 'Awaiting secretariat review' },
  accepted: { [UserLocale.ZhTw]: '審核通過', [UserLocale.En]: 'Accepted' },
  returned: { [UserLocale.ZhTw]: '退回補正', [UserLocale.En]: 'Returned for revision' },
};

export const MILESTONE_STATUS: Words = {
  pending: { [UserLocale.ZhTw]: '未填報', [UserLocale.En]: 'Not submitted' },
  submitted: { [UserLocale.ZhTw]: '已填報', [UserLocale.En]: 'Submitted' },
  accepted: { [UserLocale.ZhTw]: '已通過', [UserLocale.En]: 'Accepted' },
  overdue: { [UserLocale.ZhTw]: '逾期', [UserLocale.En]: 'Overdue' },
};

export const LIGHT: Words = {
  green: { [UserLocale.ZhTw]: '綠燈', [UserLocale.En]: 'Green' },
  yellow: { [UserLocale.ZhTw]: '黃燈', [UserLocale.En]: 'Yellow' },
  red: { [UserLocale.ZhTw]: '紅燈', [UserLocale.En]: 'Red' },
  white: { [UserLocale.ZhTw]: '白燈', [UserLocale.En]: 'White (not reported)' },
};

export const TRACKING_STATUS: Words = {
  tracking: { [UserLocale.ZhTw]: '列管中', [UserLocale.En]: 'Tracked' },
  release_requested: { [UserLocale.ZhTw]: '申請解除列管', [UserLocale.En]: 'Release requested' },
  released: { [UserLocale.ZhTw]: '解除列管', [UserLocale.En]: 'Released' },
};

export const YES_NO: Words = {
  true: { [UserLocale.ZhTw]: '是', [UserLocale.En]: 'Yes' },
  false: { [UserLocale.ZhTw]: '否', [UserLocale.En]: 'No' },
};

/** A stored state in words; an unknown one as stored (a new state must not break an export). */
export function word(words: Words, value: string | boolean | null | undefined, locale: UserLocale): string | null {
  if (value === null || value === undefined) return null;
  return words[String(value)]?.[locale] ?? String(value);
}
