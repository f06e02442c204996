import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { AppError } from '../common/errors.js';
import { fieldProblem } from '../common/validation.js';
import { rowsOf } from '../database/sql-query.js';
import { directoryScopeOf } from './management-scope.js';
import type { UserRole } from './user.entity.js';
import { ORGANISATION_SUBTREE, USER_DIRECTORY } from './users.queries.js';
import type { DirectoryUserDto, UserDirectoryPageDto, UserDirectoryQuery } from './users.views.js';

const DEFAULT_LIMIT = 50;
const CURSOR_SORT = 'name';

/** ILIKE pattern for text anywhere, with the pattern's own characters escaped. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function encode(displayName: string, id: string): string {
  return Buffer.from(JSON.stringify({ s: CURSOR_SORT, k: [displayName, id] }), 'utf8').toString('base64url');
}

function decode(cursor: string): [string, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; k?: unknown };
    const k = parsed.k;
    if (parsed.s === CURSOR_SORT && Array.isArray(k) && k.length === 2 && typeof k[0] === 'string'
      && typeof k[1] === 'string' && /^[0-9a-f-]{36}$/i.test(k[1])) return [k[0], k[1]];
  } catch {
    // refused below
  }
  throw AppError.invalid([fieldProblem('cursor', 'invalid', 'cursor must be the nextCursor of this list', '「cursor」必須是此清單回傳的 nextCursor')]);
}

/** The user directory for pickers and the administrators' list, narrowed by the caller's directory scope. */
@Injectable()
export class UserDirectoryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: UserDirectoryQuery, actor: Actor): Promise<UserDirectoryPageDto> {
    const scope = directoryScopeOf(actor);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const organisationIds = query.organisation ? await this.subtree(query.organisation) : null;
    const after = query.cursor ? decode(query.cursor) : null;
    const q = query.q?.trim();
    const rows = await rowsOf(this.dataSource, USER_DIRECTORY, [
      scope.emails,
      scope.organisationIds,
      q ? containing(q) : null,
      query.role?.length ? query.role : null,
      organisationIds,
      query.active ?? null,
      after?.[0] ?? null,
      after?.[1] ?? null,
      limit + 1,
      query.id?.length ? query.id : null,
    ]);
    const items: DirectoryUserDto[] = rows.slice(0, limit).map((r) => ({
      id: r.id, displayName: r.display_name, email: r.email, organisationId: r.organisation_id, organisationName: r.organisation_name,
      roles: r.roles as UserRole[], isActive: r.is_active, invited: r.invited,
    }));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encode(last.displayName, last.id) : null };
  }

  private async subtree(ref: string): Promise<string[]> {
    const rows = await rowsOf(this.dataSource, ORGANISATION_SUBTREE, [ref]);
    if (rows.length === 0) {
      throw AppError.invalid([fieldProblem('organisation', 'unknownReference', `No organisation has the code or id "${ref}"`, `沒有代碼或編號為「${ref}」的機關`)]);
    }
    return rows.map((r) => r.id);
  }
}
