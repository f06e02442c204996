import { AppError } from './errors.js';

export interface TransitionRule<S extends string> {
  from: readonly S[];
  to: S;
}

/**
 * A workflow's states and allowed transitions, written down once. Every state change goes
 * through `apply`, which refuses a transition that is not in the table with a 409.
 */
export class StateMachine<S extends string, T extends string> {
  constructor(
    readonly entity: string,
    readonly transitions: Readonly<Record<T, TransitionRule<S>>>,
  ) {}

  can(current: S, transition: T): boolean {
    return this.transitions[transition].from.includes(current);
  }

  /** The state after `transition`, or INVALID_TRANSITION naming what was tried. */
  apply(current: S, transition: T): S {
    if (!this.can(current, transition)) {
      const allowed = this.transitions[transition].from.join(', ');
      throw new AppError('INVALID_TRANSITION', `Cannot ${transition.replace(/_/g, ' ')} a ${this.entity} that is ${current.replace(/_/g, ' ')} (only from: ${allowed})`, {
        entity: this.entity,
        transition,
        from: current,
      });
    }
    return this.transitions[transition].to;
  }
}
