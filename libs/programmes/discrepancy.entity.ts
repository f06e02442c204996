import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Programme } from './programme.entity.js';

/**
 * A place where the source documents contradict themselves. Both readings stay in the data;
 * this records the contradiction so nobody silently picks one.
 */
@Entity('source_discrepancy')
export class SourceDiscrepancy {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column('varchar', { length: 64 })
  code: string;

  @Index()
  @Column('uuid', { nullable: true })
  programmeId: string | null;

  @ManyToOne(() => Programme, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'programme_id' })
  programme?: Programme | null;

  /** What it concerns, as `<kind>:<code>` (e.g. `sub_project:aap2018-div-2-03`). */
  @Index()
  @Column('text')
  subject: string;

  @Column('text')
  text: string;

  @Column('text', { array: true, default: () => "'{}'" })
  sources: string[];
}
