import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';
import { User } from '../users/user.entity.js';

/**
 * 職務代理: the delegator names a colleague (same organisation, same roles) to act for them from
 * startsOn to endsOn, both inclusive Taipei dates. Ending it early sets endedAt; rows are never deleted.
 */
@Entity('delegation')
@Check('CHK_delegation_dates', '"starts_on" <= "ends_on"')
@Check('CHK_delegation_not_self', '"delegator_user_id" <> "delegate_user_id"')
export class Delegation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  delegatorUserId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delegator_user_id' })
  delegator?: User;

  @Index()
  @Column('uuid')
  delegateUserId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delegate_user_id' })
  delegate?: User;

  /** The delegator's organisation when it was made: who may read it (scope). */
  @Index()
  @Column('uuid', { nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation | null;

  @Column('date')
  startsOn: string;

  @Column('date')
  endsOn: string;

  @Column('text', { nullable: true })
  reason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  endedAt: Date | null;

  @Column('uuid', { nullable: true })
  endedByUserId: string | null;
}
