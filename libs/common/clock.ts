import { Injectable } from '@nestjs/common';

/** Oversight days, crons and report dates are Taipei's (UTC+8, no daylight saving). */
export const TIME_ZONE = 'Asia/Taipei';

const taipeiDateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Taipei calendar date (YYYY-MM-DD) of an instant. */
export function taipeiDate(at: Date): string {
  return taipeiDateFormat.format(at);
}

/** ISO date arithmetic on calendar days (no time zone involved). */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(fromIsoDate: string, toIsoDate: string): number {
  return Math.round((Date.parse(`${toIsoDate}T00:00:00Z`) - Date.parse(`${fromIsoDate}T00:00:00Z`)) / 86_400_000);
}

/** The time source of anything date-driven (sweeps, digests); tests replace it to move through days. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  today(): string {
    return taipeiDate(this.now());
  }
}
