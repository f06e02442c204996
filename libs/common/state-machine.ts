import { AppError, type FieldProblem } from './errors.js';
import { fieldProblem } from './validation.js';

/** What to say when a step that must give its reason comes without one (a 400 on `field`). */
interface RequiredComment {
  readonly field: string;
  readonly en: string;
  readonly zh: string;
}

/**
 * One step of a workflow, written down once: where it may start, where it ends, who may take it,
 * whether it must say why, the outbox topic it emits and a hook that can refuse it. A machine adds
 * its own fields for effects on related records (e.g. the milestone that follows its submission).
 */
export interface TransitionRecord<S extends string, Context = void> {
  readonly from: readonly S[];
  readonly to: S;
  /** The roles that may take the step; the route's `@Allow(...)` names exactly these (a test compares them). */
  readonly by?: readonly string[];
  /** Present when the step must say why: a blank comment is refused with this problem. */
  readonly comment?: RequiredComment;
  /** The outbox topic the step emits (a constant of libs/outbox/topics.ts). */
  readonly topic?: string;
  /**
   * Vendure's onTransitionStart: a reason to refuse the step (409 INVALID_TRANSITION naming it) or an
   * AppError of its own; nothing lets the step through. Runs after the state, role and comment checks.
   */
  readonly veto?: (context: Context) => string | AppError | undefined;
}

export interface ApplyInput<Context> {
  /** The caller's roles: refused (403) when none is in the record's `by`. */
  roles?: readonly string[];
  /** The step's comment (or note, or reason): checked when the record requires one. */
  comment?: string | null;
  /** Handed to the record's `veto`. */
  context?: Context;
}

const words = (s: string): string => s.replace(/_/g, ' ');
const isBlank = (s: string | null | undefined): boolean => !s || s.trim() === '';

/**
 * A workflow's states and its transitions as one table of records. Every state change goes through
 * `apply`, which refuses a step that is not allowed from the current state (409), by the caller's
 * roles (403), without a required comment (400), or that the record's `veto` refuses.
 *
 * `R` lets a machine add fields to its records (`TransitionRecord<S> & { milestone?: … }`); read them
 * with `record(transition)` or `records()`.
 */
export class StateMachine<S extends string, T extends string, R extends TransitionRecord<S, any> = TransitionRecord<S>> {
  constructor(
    readonly entity: string,
    readonly transitions: Readonly<Record<T, R>>,
  ) {}

  record(transition: T): R {
    return this.transitions[transition];
  }

  /** Every record with its transition's name, in table order (for tests, docs and subscribers). */
  records(): (R & { transition: T })[] {
    return (Object.keys(this.transitions) as T[]).map((transition) => ({ ...this.transitions[transition], transition }));
  }

  can(current: S, transition: T): boolean {
    return this.transitions[transition].from.includes(current);
  }

  /** INVALID_TRANSITION naming what was tried, unless `transition` may start from `current`. */
  assertCan(current: S, transition: T): void {
    if (this.can(current, transition)) return;
    const allowed = this.transitions[transition].from.join(', ');
    throw new AppError('INVALID_TRANSITION', `Cannot ${words(transition)} a ${this.entity} that is ${words(current)} (only from: ${allowed})`, {
      entity: this.entity,
      transition,
      from: current,
    });
  }

  /** The problem with a blank comment on a step that requires one, or null (for use cases that collect problems). */
  commentProblem(transition: T, comment: string | null | undefined): FieldProblem | null {
    const required = this.transitions[transition].comment;
    if (!required || !isBlank(comment)) return null;
    return fieldProblem(required.field, 'required', required.en, required.zh);
  }

  /** The state after `transition`, or the error that refuses it. */
  apply(current: S, transition: T, input: ApplyInput<R extends TransitionRecord<S, infer C> ? C : void> = {}): S {
    this.assertCan(current, transition);
    const record = this.transitions[transition];
    if (record.by && input.roles && !input.roles.some((role) => record.by!.includes(role))) {
      throw AppError.forbidden(`Only ${record.by.join(' or ')} may ${words(transition)} a ${this.entity}`);
    }
    const problem = this.commentProblem(transition, input.comment);
    if (problem) throw AppError.invalid([problem]);
    const refused = record.veto?.(input.context as never);
    if (refused instanceof AppError) throw refused;
    if (typeof refused === 'string') {
      throw new AppError('INVALID_TRANSITION', refused, { entity: this.entity, transition, from: current });
    }
    return record.to;
  }
}
