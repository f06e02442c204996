import { Controller, Get, HttpCode, Inject, Injectable, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Ctx, type RequestContext } from '../access/actor.js';
import { Allow } from '../access/policy.js';
import { UnitOfWork } from '../audit/unit-of-work.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { AppError } from '../common/errors.js';
import { DEFAULT_PAGE_SIZE } from '../common/page-query.js';
import { jobId, JobQueue, QueueName } from '../queue/index.js';
import { UserRole } from '../users/user.entity.js';
import { execute, rowOf, rowsOf } from '../database/sql-query.js';
import { NotificationLedger } from './ledger.js';
import { FAILED_PAGE, LOCK_FOR_RETRY, MARK_PENDING } from './notifications.queries.js';
import { NotificationStatus } from './notification.entity.js';
import {
  type FailedNotificationDto, FailedNotificationPageDto, FailedNotificationsQuery, NotificationParams, RetriedNotificationDto,
} from './notification.views.js';

const SORT = 'failed:created_at,id';

/** Notifications every attempt failed for (or still pending long past sending), and sending one of them again. */
@Injectable()
export class FailedNotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly ledger: NotificationLedger,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Oldest first, keyset-paginated on (created_at, id) along IDX_notification_failed. */
  async list(query: FailedNotificationsQuery): Promise<FailedNotificationPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [limit + 1, this.config.queue.NOTIFICATION_GIVE_UP_HOURS];
    let after = '';
    if (query.after) {
      const [createdAt, id] = decodeCursor(SORT, query.after, 2);
      params.push(createdAt, id);
      after = `AND (n.created_at, n.id) > ($3::timestamptz, $4::uuid)`;
    }
    // Also rows still pending past the give-up time: lost where nothing (not even the reconciler,
    // which needs Redis) could queue them, they must not wait unseen.
    const rows = await rowsOf(this.dataSource, FAILED_PAGE(after), params);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(
        (r): FailedNotificationDto => ({
          id: r.id, kind: r.kind, key: r.key, recipientEmail: r.recipient_email, attempts: r.attempts, lastError: r.last_error,
          createdAt: new Date(r.created_key).toISOString(),
        }),
      ),
      nextCursor: rows.length > limit ? encodeCursor(SORT, [last.created_key, last.id]) : null,
    };
  }

  /**
   * Puts a failed notification back to pending and queues its send job, in one step: the job is
   * queued before the commit, so if Redis refuses it the row stays failed (503) and nothing is lost;
   * if the commit fails after the job was queued, the job finds the row not pending and does nothing.
   */
  async retry(id: string, ctx: RequestContext): Promise<RetriedNotificationDto> {
    return this.uow.run(ctx, async (tx) => {
      const row = await rowOf(tx, LOCK_FOR_RETRY, [id, this.config.queue.NOTIFICATION_GIVE_UP_HOURS]);
      if (!row) throw AppError.notFound('notification', id);
      if (row.status !== NotificationStatus.Failed && !row.stuck) {
        throw new AppError('CONFLICT', `Notification "${id}" is ${row.status}, not failed: only a failed notification can be sent again`, { status: row.status });
      }
      await execute(tx, MARK_PENDING, [id]);
      await tx.audit({
        action: 'notification.retry', entityType: 'notification', entityId: id,
        before: { status: row.status, attempts: row.attempts, lastError: row.last_error }, after: { status: NotificationStatus.Pending },
      });
      await this.queueAgain(id);
      return { id, status: NotificationStatus.Pending, attempts: row.attempts };
    });
  }

  /** The earlier job (failed, kept in Redis) holds the job id; an add with the same id would be ignored, so it goes first. */
  private async queueAgain(id: string): Promise<void> {
    try {
      const previous = await this.jobs.queue(QueueName.Email).getJob(jobId.notificationSend(id));
      if (previous && !(await previous.isActive())) await previous.remove();
      await this.ledger.enqueueSends([id]);
    } catch (e) {
      throw new AppError('SERVICE_UNAVAILABLE', `The job queue (Redis) is unavailable, so the notification was not queued and stays failed: try again later (${(e as Error).message})`);
    }
  }
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('admin/notifications')
export class FailedNotificationsController {
  constructor(private readonly failed: FailedNotificationsService) {}

  @Get('failed')
  @Allow(UserRole.Admin)
  @ApiOperation({ summary: 'Notifications whose every send attempt failed, with the last error; oldest first, keyset-paginated' })
  @ApiOkResponse({ type: FailedNotificationPageDto })
  list(@Query() query: FailedNotificationsQuery): Promise<FailedNotificationPageDto> {
    return this.failed.list(query);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Allow(UserRole.Admin)
  @ApiOperation({ summary: 'Send a failed notification again: back to pending, its send job queued' })
  @ApiOkResponse({ type: RetriedNotificationDto })
  @ApiNotFoundResponse({ description: 'No such notification' })
  @ApiConflictResponse({ description: 'The notification is not failed' })
  @ApiServiceUnavailableResponse({ description: 'Redis is unavailable: nothing changed' })
  retry(@Param() params: NotificationParams, @Ctx() ctx: RequestContext): Promise<RetriedNotificationDto> {
    return this.failed.retry(params.id, ctx);
  }
}
