import { Injectable } from '@nestjs/common';
import { UserLocale } from '../../users/user.entity.js';
import { NotificationKind } from '../notification.entity.js';
import { formatDate, type NotificationRenderer, type RenderContext, type RenderedEmail, RendersNotifications } from '../rendering.js';
import { UnrenderableNotificationError } from '../renderer-registry.js';
import { WEB_PATH } from '../web-paths.js';
import { composeEmail, eventPayload } from './compose.js';
import { carriedText, DECISION_WORDS } from './event-facts.js';
import { LABELS, named } from './labels.js';
import { rowOf } from '../../database/sql-query.js';
import { type ConditionFacts, GATE_CONDITION_FACTS, GATE_REVIEW_FACTS, type ReviewFacts } from './templates.queries.js';

interface Words { subject: string; intro: string; ask: string }

const WORDING = {
  [UserLocale.ZhTw]: {
    decided: (r: ReviewFacts, decision: string): Words => ({
      subject: `關卡審查結果：${r.sp_name} 第 ${r.gate_seq} 關「${decision}」`,
      intro: `執行秘書室已就細部計畫「${r.sp_name}」第 ${r.gate_seq} 關「${r.gate_name}」作成決議：${decision}。`,
      ask: '請於管考系統查看決議理由及附帶條件（如有）。',
    }),
    closed: (c: ConditionFacts): Words => ({
      subject: `附帶條件已結案：${c.sp_name} 第 ${c.gate_seq} 關 #${c.seq}`,
      intro: `細部計畫「${c.sp_name}」第 ${c.gate_seq} 關「${c.gate_name}」的附帶條件 #${c.seq}（${c.owner_name}負責）已結案。`,
      ask: '無需其他動作；結案說明可於管考系統查看。',
    }),
    waived: (c: ConditionFacts): Words => ({
      subject: `附帶條件已豁免：${c.sp_name} 第 ${c.gate_seq} 關 #${c.seq}`,
      intro: `執行秘書室已豁免細部計畫「${c.sp_name}」第 ${c.gate_seq} 關「${c.gate_name}」的附帶條件 #${c.seq}（${c.owner_name}負責）。`,
      ask: '此條件無需再辦理。',
    }),
    gate: '關卡', gateName: (seq: number, name: string) => `第 ${seq} 關：${name}`, decision: '決議', reasons: '決議理由',
    owner: '負責機關', dueDate: '期限', condition: '附帶條件', closingNote: '結案說明', waiveReason: '豁免理由',
  },
  [UserLocale.En]: {
    decided: (r: ReviewFacts, decision: string): Words => ({
      subject: `Gate decision: ${r.sp_name}, gate ${r.gate_seq}: ${decision}`,
      intro: `The secretariat has decided gate ${r.gate_seq} ("${r.gate_name}") of the sub-project "${r.sp_name}": ${decision}.`,
      ask: 'Please read the reasons, and any conditions, in Guankao.',
    }),
    closed: (c: ConditionFacts): Words => ({
      subject: `Gate condition closed: ${c.sp_name}, gate ${c.gate_seq} #${c.seq}`,
      intro: `Condition #${c.seq} of gate ${c.gate_seq} ("${c.gate_name}") of the sub-project "${c.sp_name}", owned by ${c.owner_name}, is closed.`,
      ask: 'Nothing more is needed; the closing note is in Guankao.',
    }),
    waived: (c: ConditionFacts): Words => ({
      subject: `Gate condition waived: ${c.sp_name}, gate ${c.gate_seq} #${c.seq}`,
      intro: `The secretariat has waived condition #${c.seq} of gate ${c.gate_seq} ("${c.gate_name}") of the sub-project "${c.sp_name}", owned by ${c.owner_name}.`,
      ask: 'Nothing more needs doing for it.',
    }),
    gate: 'Gate', gateName: (seq: number, name: string) => `Gate ${seq}: ${name}`, decision: 'Decision', reasons: 'Reasons',
    owner: 'Owner', dueDate: 'Due date', condition: 'Condition', closingNote: 'Closing note', waiveReason: 'Reason for waiving',
  },
} as const;

/** A gate review decided, a gate condition closed or waived. The decision and the note are the event's. */
@Injectable()
@RendersNotifications([NotificationKind.GateReviewDecided, NotificationKind.GateConditionClosed, NotificationKind.GateConditionWaived])
export class GateEventRenderer implements NotificationRenderer {
  async render({ notification, locale, manager, link }: RenderContext): Promise<RenderedEmail> {
    const event = eventPayload(notification.payload);
    const words = WORDING[locale];
    const labels = LABELS[locale];
    if (notification.kind === NotificationKind.GateReviewDecided) {
      const r = await rowOf(manager, GATE_REVIEW_FACTS, [notification.subjectId]);
      if (!r) throw new UnrenderableNotificationError(`gate review ${notification.subjectId} of notification ${notification.id} no longer exists`);
      const code = carriedText(event, 'decision') ?? '';
      const decision = DECISION_WORDS[locale][code] ?? code;
      return composeEmail(locale, {
        ...words.decided(r, decision),
        facts: [
          { label: labels.subProject, value: named(locale, r.sp_name, r.sp_code) },
          { label: words.gate, value: words.gateName(r.gate_seq, r.gate_name) },
          { label: words.decision, value: decision },
          ...(r.lead_name ? [{ label: labels.lead, value: r.lead_name }] : []),
        ],
        quote: r.decision_reasons ? { label: words.reasons, text: r.decision_reasons } : null,
        link: { label: labels.open, url: link(WEB_PATH.gateReview(r.id)) },
      });
    }
    const c = await rowOf(manager, GATE_CONDITION_FACTS, [notification.subjectId]);
    if (!c) throw new UnrenderableNotificationError(`gate condition ${notification.subjectId} of notification ${notification.id} no longer exists`);
    const closed = notification.kind === NotificationKind.GateConditionClosed;
    const note = carriedText(event, 'note');
    return composeEmail(locale, {
      ...(closed ? words.closed(c) : words.waived(c)),
      facts: [
        { label: labels.subProject, value: named(locale, c.sp_name, c.sp_code) },
        { label: words.gate, value: words.gateName(c.gate_seq, c.gate_name) },
        { label: words.owner, value: c.owner_name },
        { label: words.dueDate, value: formatDate(c.due_date, locale) },
        { label: `${words.condition} #${c.seq}`, value: c.text },
      ],
      quote: note ? { label: closed ? words.closingNote : words.waiveReason, text: note } : null,
      link: { label: labels.open, url: link(WEB_PATH.gateReview(c.review_id)) },
    });
  }
}
