import { UserLocale } from '../../users/user.entity.js';

/** Words the event emails share: a light's colour and a gate decision, per locale. */
export const COLOUR_WORDS: Record<UserLocale, Record<string, string>> = {
  [UserLocale.ZhTw]: { green: '綠燈', yellow: '黃燈', red: '紅燈', white: '白燈' },
  [UserLocale.En]: { green: 'green', yellow: 'yellow', red: 'red', white: 'white' },
};

export const DECISION_WORDS: Record<UserLocale, Record<string, string>> = {
  [UserLocale.ZhTw]: { go: '通過', go_with_conditions: '有條件通過', hold: '暫緩', recycle: '重新審查', stop: '終止' },
  [UserLocale.En]: { go: 'go', go_with_conditions: 'go with conditions', hold: 'hold', recycle: 'recycle (review again)', stop: 'stop' },
};

/** A string the event carried, or null. */
export const carriedText = (event: Record<string, unknown> | null, field: string): string | null =>
  typeof event?.[field] === 'string' && event[field] ? (event[field] as string) : null;
