import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, UpdateDateColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';

/** Roles, as in docs/oversight.md. */
export enum UserRole {
  Admin = 'admin',
  Coordinator = 'coordinator',
  MinistryOfficer = 'ministry_officer',
  MinistrySupervisor = 'ministry_supervisor',
  Reviewer = 'reviewer',
  Viewer = 'viewer',
  /** 部會署窗口: manages the accounts of its own organisation and the units under it (libs/users). */
  MinistryAdmin = 'ministry_admin',
}

export enum UserLocale {
  ZhTw = 'zh-TW',
  En = 'en',
}

/** How a user gets non-critical mail. */
export enum NotificationDelivery {
  Immediate = 'immediate',
  Digest = 'digest',
}

@Entity('app_user')
@Check('CHK_app_user_roles_not_empty', 'cardinality("roles") > 0')
@Check('CHK_app_user_email_lower', '"email" = lower("email")')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-case; unique. */
  @Index({ unique: true })
  @Column('varchar', { length: 254 })
  email: string;

  @Column('text')
  displayName: string;

  @Index()
  @Column('uuid', { nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation | null;

  @Column({ type: 'enum', enum: UserRole, enumName: 'user_role', array: true })
  roles: UserRole[];

  @Column({ type: 'enum', enum: UserLocale, enumName: 'user_locale', default: UserLocale.ZhTw })
  locale: UserLocale;

  /** argon2id or bcrypt hash (the sign-in issue); null until a password is set. */
  @Column('text', { nullable: true })
  passwordHash: string | null;

  @Column('boolean', { default: true })
  isActive: boolean;

  /** Immediate mail, or non-critical mail gathered into the digest. */
  @Column({ type: 'enum', enum: NotificationDelivery, enumName: 'notification_delivery', default: NotificationDelivery.Immediate })
  notificationDelivery: NotificationDelivery;

  /** No non-critical mail at all (escalations still come). */
  @Column('boolean', { default: false })
  muteNonCritical: boolean;

  /** Created by the seed for non-production use; the seed refuses to create these in production. */
  @Column('boolean', { default: false })
  isDemo: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
