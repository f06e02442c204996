import { taipeiDate } from '../common/clock.js';
import type { DbHandle } from '../database/db-handle.js';
import { execute, rowOf } from '../database/sql-query.js';
import type { NotificationToRecord } from '../notifications/ledger.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { AccountTokenPurpose } from './account-token.entity.js';
import { INSERT_TOKEN, RETIRE_OPEN_TOKENS } from './users.queries.js';

/** How long a link works: an invitation three days (a weekend between), a reset one hour. */
export const LINK_TTL_SECONDS: Record<AccountTokenPurpose, number> = {
  [AccountTokenPurpose.Invitation]: 72 * 3600,
  [AccountTokenPurpose.PasswordReset]: 3600,
};

const KIND: Record<AccountTokenPurpose, NotificationKind> = {
  [AccountTokenPurpose.Invitation]: NotificationKind.AccountInvitation,
  [AccountTokenPurpose.PasswordReset]: NotificationKind.AccountPasswordReset,
};

/** The ledger's subject type of account emails: the account_token row. */
export const ACCOUNT_TOKEN_SUBJECT = 'account_token';

/**
 * A new one-time link for the user, inside the caller's transaction: any link still open is
 * retired (the newest email is the one that works), a token row is made without a token (the email
 * renderer makes it, see AccountEmailRenderer), and the email to record in the ledger is returned.
 */
export async function newAccountLink(db: DbHandle, userId: string, purpose: AccountTokenPurpose): Promise<{ tokenId: string; email: NotificationToRecord }> {
  await execute(db, RETIRE_OPEN_TOKENS, [userId]);
  const { id } = (await rowOf(db, INSERT_TOKEN, [userId, purpose, LINK_TTL_SECONDS[purpose]]))!;
  return {
    tokenId: id,
    email: {
      key: `${KIND[purpose]}:${id}`,
      kind: KIND[purpose],
      critical: true,
      recipientUserId: userId,
      subjectType: ACCOUNT_TOKEN_SUBJECT,
      subjectId: id,
      day: taipeiDate(new Date()),
      payload: { tokenId: id },
    },
  };
}
