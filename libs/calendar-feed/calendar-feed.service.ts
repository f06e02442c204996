import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor, RequestContext } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import { UnitOfWork } from '../audit/unit-of-work.js';
import { addDays, Clock } from '../common/clock.js';
import { AppError } from '../common/errors.js';
import { GLOSSARY } from '../common/glossary.js';
import { dateView } from '../common/roc.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { execute, rowOf, rowsOf } from '../database/sql-query.js';
import { gateViewOf } from '../gates/gate-review-visibility.js';
import { WEB_PATH } from '../notifications/web-paths.js';
import { UserLocale, type UserRole } from '../users/user.entity.js';
import {
  FEED_GATE_CONDITIONS, FEED_GATE_REVIEWS, FEED_MEETINGS, FEED_MILESTONES, FEED_OF_USER, FEED_OWNER, type FeedOwnerRow, NOTE_FETCHED, REPLACE_FEED, REVOKE_FEED,
} from './calendar-feed.queries.js';
import type { CalendarFeedCreatedDto, CalendarFeedDto } from './calendar-feed.views.js';
import { type AllDayEvent, renderCalendar } from './ics.js';

/** The feed holds what is due from this many days back to this many days ahead (Taipei dates). */
const WINDOW_DAYS_BACK = 180;
const WINDOW_DAYS_AHEAD = 730;
/** base64url of 32 random bytes. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

const WORDS = {
  [UserLocale.ZhTw]: {
    calendar: (name: string) => `管考行事曆（${name}）`,
    description: '查核點、關卡審查、附帶條件到期日與會議（管考系統）',
    milestone: '查核點到期',
    gateReview: '關卡審查',
    condition: '附帶條件到期',
    meeting: '會議',
    subProject: GLOSSARY['zh-TW'].subProject,
    owner: '負責機關',
    body: '召開單位',
    ad: '西元',
    colon: '：',
  },
  [UserLocale.En]: {
    calendar: (name: string) => `Guankao calendar (${name})`,
    description: 'Milestones, gate reviews, gate condition due dates and meetings (Guankao)',
    milestone: 'Milestone due',
    gateReview: 'Gate review',
    condition: 'Gate condition due',
    meeting: 'Meeting',
    subProject: GLOSSARY.en.subProject,
    owner: 'Owner',
    body: 'Held by',
    ad: 'AD',
    colon: ': ',
  },
} as const;

/**
 * Each user's private iCalendar feed: a secret URL a calendar client subscribes to. The token is
 * 32 random bytes; only its SHA-256 is stored, so the URL is shown once, when made. Making a new one
 * replaces the old (which then answers 404), revoking deletes it. The feed holds what its owner
 * would see on their own screens: a ministry user only their organisation's items.
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async status(actor: Actor): Promise<CalendarFeedDto> {
    const row = await rowOf(this.dataSource, FEED_OF_USER, [actor.userId]);
    return { enabled: Boolean(row), createdAt: row?.created_at ?? null, lastFetchedAt: row?.last_fetched_at ?? null };
  }

  /** Makes a new feed URL, replacing any earlier one. The URL is in this answer only. */
  async create(ctx: RequestContext): Promise<CalendarFeedCreatedDto> {
    const token = randomBytes(32).toString('base64url');
    await this.uow.run(ctx, async (tx) => {
      const before = await rowOf(tx, FEED_OF_USER, [ctx.actor.userId]);
      await execute(tx, REPLACE_FEED, [ctx.actor.userId, hashToken(token)]);
      await tx.audit({
        action: before ? 'calendar_feed.replaced' : 'calendar_feed.created', entityType: 'user', entityId: ctx.actor.userId,
        before: before ? { createdAt: before.created_at } : null, after: { enabled: true },
      });
    });
    const status = await this.status(ctx.actor);
    return { ...status, url: `${this.config.http.publicUrl.replace(/\/+$/, '')}/api/calendar/${token}.ics` };
  }

  async revoke(ctx: RequestContext): Promise<CalendarFeedDto> {
    await this.uow.run(ctx, async (tx) => {
      const removed = await rowOf(tx, REVOKE_FEED, [ctx.actor.userId]);
      if (removed) await tx.audit({ action: 'calendar_feed.revoked', entityType: 'user', entityId: ctx.actor.userId, before: { enabled: true }, after: { enabled: false } });
    });
    return { enabled: false, createdAt: null, lastFetchedAt: null };
  }

  /** The feed of a token, or 404 for a malformed, wrong or revoked one (all alike). */
  async feed(file: string): Promise<string> {
    const token = file.endsWith('.ics') ? file.slice(0, -4) : '';
    if (!TOKEN_PATTERN.test(token)) throw AppError.notFound('calendar feed', 'token');
    const owner = await rowOf(this.dataSource, FEED_OWNER, [hashToken(token)]);
    if (!owner) throw AppError.notFound('calendar feed', 'token');
    await execute(this.dataSource, NOTE_FETCHED, [owner.user_id]);
    return renderCalendar(await this.calendarOf(owner));
  }

  private async calendarOf(owner: FeedOwnerRow) {
    const actor: Actor = {
      userId: owner.user_id, sessionId: '', email: '', displayName: owner.display_name, roles: owner.roles as UserRole[], locale: owner.locale,
      organisationId: owner.organisation_ids[0] ?? null, organisationIds: owner.organisation_ids,
    };
    const scope = scopeOf(actor);
    const gateView = gateViewOf(actor);
    const orgs = scope.all ? [] : scope.organisationIds;
    // A reviewer sees only the reviews assigned to them (not their organisation's).
    const gateOrgs = gateView === 'ministry' ? orgs : [];
    const today = this.clock.today();
    const from = addDays(today, -WINDOW_DAYS_BACK);
    const to = addDays(today, WINDOW_DAYS_AHEAD);
    const locale = owner.locale === UserLocale.En ? UserLocale.En : UserLocale.ZhTw;
    const w = WORDS[locale];
    const link = (path: string) => `${this.config.http.publicUrl.replace(/\/+$/, '')}${path}`;
    const roc = (iso: string) => dateView(iso).roc;
    const title = (iso: string, what: string, name: string) => `${locale === UserLocale.En ? 'ROC ' : ''}${roc(iso)} ${what}${w.colon}${name}`;
    const both = (iso: string) => `${roc(iso)}（${w.ad} ${iso}）`;

    const [milestones, reviews, conditions, meetings] = await Promise.all([
      rowsOf(this.dataSource, FEED_MILESTONES, [scope.all, orgs, from, to]),
      rowsOf(this.dataSource, FEED_GATE_REVIEWS, [gateView === 'full', gateOrgs, from, to, owner.user_id]),
      rowsOf(this.dataSource, FEED_GATE_CONDITIONS, [gateView === 'full', gateOrgs, from, to, owner.user_id]),
      rowsOf(this.dataSource, FEED_MEETINGS, [scope.all, orgs, from, to]),
    ]);
    const events: AllDayEvent[] = [
      ...milestones.map((m) => ({
        uid: `milestone-${m.id}@guankao`, start: m.due, summary: title(m.due, w.milestone, `${m.deliverable}（${m.code}）`),
        description: `${w.subProject}${w.colon}${m.sp_name}（${m.sp_code}）\n${both(m.due)}`, url: link(WEB_PATH.milestone(m.code)), categories: w.milestone,
      })),
      ...reviews.map((r) => ({
        uid: `gate-review-${r.id}@guankao`, start: r.day, summary: title(r.day, w.gateReview, `${r.sp_name} ${r.gate_name}`),
        description: `${w.subProject}${w.colon}${r.sp_name}（${r.sp_code}）\n${both(r.day)}`, url: link(WEB_PATH.gateReview(r.id)), categories: w.gateReview,
      })),
      ...conditions.map((c) => ({
        uid: `gate-condition-${c.id}@guankao`, start: c.due, summary: title(c.due, w.condition, c.text.length > 60 ? `${c.text.slice(0, 60)}…` : c.text),
        description: `${w.subProject}${w.colon}${c.sp_name}（${c.sp_code}）\n${w.owner}${w.colon}${c.owner}\n${c.text}\n${both(c.due)}`,
        url: link(WEB_PATH.gateReview(c.review_id)), categories: w.condition,
      })),
      ...meetings.map((m) => ({
        uid: `meeting-${m.id}@guankao`, start: m.held_on, last: m.held_until, summary: title(m.held_on, w.meeting, m.name),
        description: `${w.body}${w.colon}${m.body}\n${both(m.held_on)}`, url: link(WEB_PATH.meeting(m.code)), categories: w.meeting,
      })),
    ];
    return { name: w.calendar(owner.display_name), description: w.description, stamp: this.clock.now(), events };
  }
}
