import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UserLocale } from '../../users/user.entity.js';
import { NotificationKind } from '../notification.entity.js';
import { type NotificationRenderer, type RenderContext, type RenderedEmail, RendersNotifications } from '../rendering.js';
import { UnrenderableNotificationError } from '../renderer-registry.js';
import { composeEmail, eventPayload } from './compose.js';
import { dueFact, LABELS, named } from './labels.js';
import { WEB_PATH } from '../web-paths.js';
import { rowOf } from '../../database/sql-query.js';
import { SUBMISSION_FACTS, type SubmissionFacts } from './templates.queries.js';

const KINDS = [
  NotificationKind.SubmissionAwaitingSupervisor, NotificationKind.SubmissionSubmitted, NotificationKind.SubmissionSentBack,
  NotificationKind.SubmissionAccepted, NotificationKind.SubmissionReturned,
] as const;
type SubmissionKind = (typeof KINDS)[number];


interface Wording {
  subject: string;
  intro: string;
  ask: string;
}

/** `what`: the milestone's deliverable, or the reporting period. */
const WORDING: Record<UserLocale, Record<SubmissionKind, (what: string, s: SubmissionFacts) => Wording> & { comment: string; supervisorComment: string }> = {
  [UserLocale.ZhTw]: {
    [NotificationKind.SubmissionAwaitingSupervisor]: (what, s) => ({
      subject: `待主管核定：${s.sub_project_name} ${what}`,
      intro: `承辦人已提送細部計畫「${s.sub_project_name}」${what}的填報資料，等待主管核定。`,
      ask: '請檢視填報內容後核定送出至執行秘書室，或退回承辦人修正。',
    }),
    [NotificationKind.SubmissionSubmitted]: (what, s) => ({
      subject: `待審查：${s.sub_project_name} ${what}`,
      intro: `${s.lead_name ?? '主辦機關'}已將細部計畫「${s.sub_project_name}」${what}的填報資料送交執行秘書室。`,
      ask: '請審查填報內容及佐證資料，接受或附意見退回。',
    }),
    [NotificationKind.SubmissionReturned]: (what, s) => ({
      subject: `填報資料已退回：${s.sub_project_name} ${what}`,
      intro: `執行秘書室已退回細部計畫「${s.sub_project_name}」${what}的填報資料。`,
      ask: '請依審查意見修正後，重新提送主管核定。',
    }),
    [NotificationKind.SubmissionSentBack]: (what, s) => ({
      subject: `填報資料已退回承辦：${s.sub_project_name} ${what}`,
      intro: `主管已將細部計畫「${s.sub_project_name}」${what}的填報資料退回承辦人修正。`,
      ask: '請依主管意見修正後，重新提送主管核定。',
    }),
    [NotificationKind.SubmissionAccepted]: (what, s) => ({
      subject: `填報資料已審核通過：${s.sub_project_name} ${what}`,
      intro: `執行秘書室已審核通過細部計畫「${s.sub_project_name}」${what}的填報資料。`,
      ask: '無需其他動作；審核紀錄可於管考系統查看。',
    }),
    comment: '審查意見',
    supervisorComment: '主管意見',
  },
  [UserLocale.En]: {
    [NotificationKind.SubmissionAwaitingSupervisor]: (what, s) => ({
      subject: `Awaiting your approval: ${s.sub_project_name} ${what}`,
      intro: `The officer has submitted the report on ${what} of the sub-project "${s.sub_project_name}" for your approval.`,
      ask: 'Please review it, then approve it to send it to the secretariat, or send it back to the officer.',
    }),
    [NotificationKind.SubmissionSubmitted]: (what, s) => ({
      subject: `To review: ${s.sub_project_name} ${what}`,
      intro: `${s.lead_name ?? 'The lead organisation'} has sent the secretariat its report on ${what} of the sub-project "${s.sub_project_name}".`,
      ask: 'Please review the report and its evidence, then accept it or return it with your comments.',
    }),
    [NotificationKind.SubmissionReturned]: (what, s) => ({
      subject: `Report returned: ${s.sub_project_name} ${what}`,
      intro: `The secretariat has returned the report on ${what} of the sub-project "${s.sub_project_name}".`,
      ask: 'Please revise it as the comments ask and submit it again for your supervisor\'s approval.',
    }),
    [NotificationKind.SubmissionSentBack]: (what, s) => ({
      subject: `Sent back to the officer: ${s.sub_project_name} ${what}`,
      intro: `The supervisor has sent the report on ${what} of the sub-project "${s.sub_project_name}" back to the officer for revision.`,
      ask: 'Please revise it as the comments ask and submit it again for your supervisor\'s approval.',
    }),
    [NotificationKind.SubmissionAccepted]: (what, s) => ({
      subject: `Report accepted: ${s.sub_project_name} ${what}`,
      intro: `The secretariat has accepted the report on ${what} of the sub-project "${s.sub_project_name}".`,
      ask: 'Nothing more is needed; the review history is in Guankao.',
    }),
    comment: 'Reviewer\'s comments',
    supervisorComment: 'Supervisor\'s comments',
  },
};

/** The steps of a submission (填報 → 主管核定 → 審核) that need someone to act: rows the workflow events write (subject: the submission). */
@Injectable()
@RendersNotifications(KINDS)
export class SubmissionRenderer implements NotificationRenderer {
  async render({ notification, locale, manager, link }: RenderContext): Promise<RenderedEmail> {
    if (!notification.subjectId) throw new UnrenderableNotificationError(`notification ${notification.id} (${notification.kind}) has no submission`);
    const s = await loadSubmission(manager, notification.subjectId);
    const labels = LABELS[locale];
    const what = s.deliverable ?? (locale === UserLocale.ZhTw ? `${s.period ?? ''} 期間` : `the period ${s.period ?? ''}`);
    const kind = notification.kind as SubmissionKind;
    const wording = WORDING[locale][kind](what, s);
    return composeEmail(locale, {
      ...wording,
      facts: [
        { label: labels.subProject, value: named(locale, s.sub_project_name, s.sub_project_code) },
        s.milestone_code && s.deliverable
          ? { label: labels.milestone, value: named(locale, s.deliverable, s.milestone_code) }
          : { label: labels.period, value: s.period ?? '' },
        ...dueFact(locale, s.due_date),
        ...(s.lead_name ? [{ label: labels.lead, value: s.lead_name }] : []),
      ],
      quote: quoteOf(kind, notification.payload, s, locale),
      link: { label: labels.open, url: link(WEB_PATH.submission(s.id)) },
    });
  }
}

/** The comment the step carried (as it was written then); rows from before events carried it fall back to the latest return. */
function quoteOf(kind: SubmissionKind, payload: Record<string, unknown>, s: SubmissionFacts, locale: UserLocale): { label: string; text: string } | null {
  const carried = eventPayload(payload);
  const comment = typeof carried?.comment === 'string' ? carried.comment : carried ? null : kind === NotificationKind.SubmissionReturned ? s.return_comment : null;
  if (!comment) return null;
  return { label: kind === NotificationKind.SubmissionSentBack ? WORDING[locale].supervisorComment : WORDING[locale].comment, text: comment };
}

async function loadSubmission(manager: EntityManager, submissionId: string): Promise<SubmissionFacts> {
  const row = await rowOf(manager, SUBMISSION_FACTS, [submissionId]);
  if (!row) throw new UnrenderableNotificationError(`submission ${submissionId} no longer exists`);
  return row;
}
