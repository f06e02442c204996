import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity.js';

/**
 * An uploaded file's preview: what confirm will apply. The parsed rows are stored here, so confirm never reads
 * the file again (a file changed after the preview cannot slip in); it expires unconfirmed.
 */
@Entity('import_session')
@Index(['createdBy', 'createdAt'])
export class ImportSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 32 })
  kind: string;

  @Column('text')
  fileName: string;

  /** SHA-256 of the uploaded bytes. */
  @Column('char', { length: 64 })
  fileSha256: string;

  @Column('integer')
  fileBytes: number;

  @Column('varchar', { length: 8 })
  format: string;

  /** CSV: utf-8, utf-8-bom or big5. */
  @Column('varchar', { length: 16, nullable: true })
  encoding: string | null;

  @Column('text', { nullable: true })
  sheetName: string | null;

  /** Column key → letter, as the file had them. */
  @Column('jsonb')
  columns: Record<string, string>;

  /** Rows and problems by action and severity. */
  @Column('jsonb')
  summary: Record<string, number>;

  @Column('uuid')
  createdBy: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'created_by' })
  creator?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Index()
  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  confirmedAt: Date | null;

  /** What confirm wrote: created / updated per kind. */
  @Column('jsonb', { nullable: true })
  result: Record<string, number> | null;
}

/** One data row of a preview: its key, what confirm does with it, its changes and problems, and the parsed values. */
@Entity('import_session_row')
export class ImportSessionRow {
  @PrimaryColumn('uuid')
  sessionId: string;

  @ManyToOne(() => ImportSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: ImportSession;

  /** The row number in the file. */
  @PrimaryColumn('integer')
  rowNo: number;

  @Column('text', { nullable: true })
  key: string | null;

  /** create, update, unchanged or invalid. */
  @Column('varchar', { length: 16 })
  action: string;

  @Column('jsonb', { default: () => "'[]'" })
  changes: unknown[];

  @Column('jsonb', { default: () => "'[]'" })
  problems: unknown[];

  /** The parsed row (null when it could not be read). */
  @Column('jsonb', { nullable: true })
  record: Record<string, unknown> | null;
}
