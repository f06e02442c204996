import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { AppError } from '../common/errors.js';
import { DEFAULT_PAGE_SIZE } from '../common/page-query.js';
import type { Language } from '../common/validation-messages.js';
import { rowOf, rowsOf } from '../database/sql-query.js';
import { UserLocale } from '../users/user.entity.js';
import { inboxItem } from './inbox-summary.js';
import { INBOX_PAGE, MARK_ALL_READ, MARK_READ, UNREAD_COUNT } from './inbox.queries.js';
import type { InboxPageDto, InboxQuery, MarkedAllReadDto, MarkedReadDto } from './inbox.views.js';

const SORT = 'inbox:created_at desc,id desc';

/**
 * The signed-in user's notifications: every row the ledger holds for them, whatever became of its
 * email (sent, held for a digest, turned off, skipped). Only ever the caller's own rows: another
 * user's notification answers 404, as an unknown id does. Reading is the user's own state, so
 * marking read is not audited (it changes nothing anyone else sees).
 */
@Injectable()
export class InboxService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(actor: Actor, query: InboxQuery, language: Language): Promise<InboxPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [actor.userId, query.unread === true, query.kind ?? null, limit + 1];
    if (query.after) params.push(...decodeCursor(SORT, query.after, 2));
    const [rows, unread] = await Promise.all([
      rowsOf(this.dataSource, INBOX_PAGE(Boolean(query.after)), params),
      this.unread(actor),
    ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const locale = language === 'zh-TW' ? UserLocale.ZhTw : UserLocale.En;
    return {
      items: page.map((r) => inboxItem(r, locale)),
      nextCursor: rows.length > limit ? encodeCursor(SORT, [last.created_key, last.id]) : null,
      unread,
    };
  }

  async unread(actor: Actor): Promise<number> {
    return (await rowOf(this.dataSource, UNREAD_COUNT, [actor.userId]))?.unread ?? 0;
  }

  /** Idempotent: a second call keeps the first read time. */
  async markRead(actor: Actor, id: string): Promise<MarkedReadDto> {
    const row = await rowOf(this.dataSource, MARK_READ, [actor.userId, id]);
    if (!row) throw AppError.notFound('notification', id);
    return { id: row.id, readAt: row.read_at, unread: await this.unread(actor) };
  }

  async markAllRead(actor: Actor, kind: string | undefined): Promise<MarkedAllReadDto> {
    const marked = (await rowOf(this.dataSource, MARK_ALL_READ, [actor.userId, kind ?? null]))?.n ?? 0;
    return { marked, unread: await this.unread(actor) };
  }
}
