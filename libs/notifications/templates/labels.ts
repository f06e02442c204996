import { GLOSSARY } from '../../common/glossary.js';
import { UserLocale } from '../../users/user.entity.js';
import { NotificationKind } from '../notification.entity.js';
import { formatDate } from '../rendering.js';

/** The labels and item names every template shares, per locale. Names and codes come verbatim from the database. */
export const LABELS = {
  [UserLocale.ZhTw]: {
    subProject: GLOSSARY['zh-TW'].subProject,
    milestone: GLOSSARY['zh-TW'].milestone,
    period: GLOSSARY['zh-TW'].period,
    dueDate: GLOSSARY['zh-TW'].dueDate,
    lead: GLOSSARY['zh-TW'].lead,
    open: '在管考系統中查看',
  },
  [UserLocale.En]: {
    subProject: GLOSSARY.en.subProject,
    milestone: GLOSSARY.en.milestone,
    period: GLOSSARY.en.period,
    dueDate: GLOSSARY.en.dueDate,
    lead: GLOSSARY.en.lead,
    open: 'Open in Guankao',
  },
} as const satisfies Record<UserLocale, Record<string, string>>;

/** 「name」（code） or name (code): the name as the roadmap writes it, and the code the API finds it by. */
export function named(locale: UserLocale, name: string, code: string): string {
  return locale === UserLocale.ZhTw ? `${name}（${code}）` : `${name} (${code})`;
}

export function dueFact(locale: UserLocale, isoDate: string | null): { label: string; value: string }[] {
  return isoDate ? [{ label: LABELS[locale].dueDate, value: formatDate(isoDate, locale) }] : [];
}

/** What each kind of notification is, in a few words (a digest's list of held notifications). Every kind needs one. */
export const NOTIFICATION_KIND_LABEL: Record<NotificationKind, Record<UserLocale, string>> = {
  [NotificationKind.MilestoneDueSoon]: { [UserLocale.ZhTw]: '查核點即將到期', [UserLocale.En]: 'Milestone due soon' },
  [NotificationKind.MilestoneDueToday]: { [UserLocale.ZhTw]: '查核點今日到期', [UserLocale.En]: 'Milestone due today' },
  [NotificationKind.MilestoneOverdue]: { [UserLocale.ZhTw]: '查核點逾期', [UserLocale.En]: 'Milestone overdue' },
  [NotificationKind.SubProjectAssigned]: { [UserLocale.ZhTw]: '細部計畫已交辦', [UserLocale.En]: 'Sub-project assigned' },
  [NotificationKind.SubProjectAcknowledged]: { [UserLocale.ZhTw]: '主辦機關已確認接受指派', [UserLocale.En]: 'Assignment acknowledged' },
  [NotificationKind.SubProjectStatusChanged]: { [UserLocale.ZhTw]: '細部計畫狀態變更', [UserLocale.En]: 'Sub-project status changed' },
  [NotificationKind.DueDateChangeRequested]: { [UserLocale.ZhTw]: '展延申請', [UserLocale.En]: 'Due-date change requested' },
  [NotificationKind.DueDateChangeDecided]: { [UserLocale.ZhTw]: '展延申請已決定', [UserLocale.En]: 'Due-date change decided' },
  [NotificationKind.StatusLightOverridden]: { [UserLocale.ZhTw]: '燈號人工調整', [UserLocale.En]: 'Status light overridden' },
  [NotificationKind.StatusLightOverrideRemoved]: { [UserLocale.ZhTw]: '燈號人工調整已取消', [UserLocale.En]: 'Status light override removed' },
  [NotificationKind.SubmissionAwaitingSupervisor]: { [UserLocale.ZhTw]: '填報待主管核定', [UserLocale.En]: 'Submission awaiting supervisor' },
  [NotificationKind.SubmissionSubmitted]: { [UserLocale.ZhTw]: '填報已送出', [UserLocale.En]: 'Submission submitted' },
  [NotificationKind.SubmissionSentBack]: { [UserLocale.ZhTw]: '填報退回承辦', [UserLocale.En]: 'Submission sent back' },
  [NotificationKind.SubmissionAccepted]: { [UserLocale.ZhTw]: '填報審核通過', [UserLocale.En]: 'Submission accepted' },
  [NotificationKind.SubmissionReturned]: { [UserLocale.ZhTw]: '填報退回補正', [UserLocale.En]: 'Submission returned' },
  [NotificationKind.ResolutionAssigned]: { [UserLocale.ZhTw]: '會議決議列管', [UserLocale.En]: 'Resolution to follow up' },
  [NotificationKind.ResolutionReleaseRequested]: { [UserLocale.ZhTw]: '申請解除列管', [UserLocale.En]: 'Release requested' },
  [NotificationKind.ResolutionReleased]: { [UserLocale.ZhTw]: '已解除列管', [UserLocale.En]: 'Released from tracking' },
  [NotificationKind.ResolutionKept]: { [UserLocale.ZhTw]: '續予列管', [UserLocale.En]: 'Still tracked' },
  [NotificationKind.Digest]: { [UserLocale.ZhTw]: '摘要', [UserLocale.En]: 'Digest' },
  [NotificationKind.ScheduledReport]: { [UserLocale.ZhTw]: '排程報表', [UserLocale.En]: 'Scheduled report' },
  [NotificationKind.GateReviewAssigned]: { [UserLocale.ZhTw]: '關卡審查委員邀請', [UserLocale.En]: 'Gate review to score' },
  [NotificationKind.GateReviewDecided]: { [UserLocale.ZhTw]: '關卡審查結果', [UserLocale.En]: 'Gate decision' },
  [NotificationKind.GateConditionAssigned]: { [UserLocale.ZhTw]: '關卡審查附帶條件', [UserLocale.En]: 'Gate condition assigned' },
  [NotificationKind.GateConditionClosed]: { [UserLocale.ZhTw]: '附帶條件已結案', [UserLocale.En]: 'Gate condition closed' },
  [NotificationKind.GateConditionWaived]: { [UserLocale.ZhTw]: '附帶條件已豁免', [UserLocale.En]: 'Gate condition waived' },
  [NotificationKind.GateConditionDueSoon]: { [UserLocale.ZhTw]: '附帶條件即將到期', [UserLocale.En]: 'Gate condition due soon' },
  [NotificationKind.GateConditionOverdue]: { [UserLocale.ZhTw]: '附帶條件逾期', [UserLocale.En]: 'Gate condition overdue' },
  [NotificationKind.AccountInvitation]: { [UserLocale.ZhTw]: '帳號邀請', [UserLocale.En]: 'Account invitation' },
  [NotificationKind.AccountPasswordReset]: { [UserLocale.ZhTw]: '重設密碼', [UserLocale.En]: 'Password reset' },
};
