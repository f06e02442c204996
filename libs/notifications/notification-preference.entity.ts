import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../users/user.entity.js';

/**
 * How a user wants one kind of notification: email now, in the daily or the weekly digest, or not
 * by email at all. Stored: never rename a value without a migration plan.
 */
export enum KindDelivery {
  Immediate = 'immediate',
  DailyDigest = 'daily_digest',
  WeeklyDigest = 'weekly_digest',
  Off = 'off',
}

/**
 * A user's own choice for one notification kind. No row: the user's defaults apply
 * (app_user.notification_delivery and mute_non_critical). The ledger reads it when it records.
 */
@Entity('notification_preference')
export class NotificationPreference {
  @PrimaryColumn('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** A NotificationKind value. */
  @PrimaryColumn('varchar', { length: 48 })
  kind: string;

  @Column({ type: 'enum', enum: KindDelivery, enumName: 'kind_delivery' })
  delivery: KindDelivery;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
