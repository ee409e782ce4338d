import { CronExpressionParser } from 'cron-parser';
import { cannotParse, CronSchedule } from './types';

const MACROS = ['@hourly', '@daily', '@weekly', '@monthly', '@yearly', '@annually'];

/** Parses a 5-field (minute first) or 6-field (seconds first) cron expression or a macro; `zone` is valid. */
export function parseCron(text: string, zone: string, nowMs: number): CronSchedule {
  let expression = text.trim();
  if (expression.startsWith('@')) {
    expression = expression.toLowerCase();
    // cron-parser knows more macros (@minutely, @weekdays, ...); we accept only the documented, portable ones.
    if (!MACROS.includes(expression)) throw cannotParse(text, `unknown macro '${text.trim()}' (use one of ${MACROS.join(', ')})`);
  } else {
    // cron-parser quietly accepts fewer fields; a 3-field typo must not become a schedule.
    const fields = expression.split(/\s+/).length;
    if (fields !== 5 && fields !== 6) {
      throw cannotParse(text, `expected 5 cron fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got ${fields}`);
    }
  }
  try {
    // Asking for one occurrence also rejects expressions that can never fire (cron-parser's loop limit).
    CronExpressionParser.parse(expression, { currentDate: nowMs, tz: zone }).next();
  } catch (err) {
    throw cannotParse(text, err instanceof Error ? err.message : String(err));
  }
  return { kind: 'cron', expression, timeZone: zone };
}

/** The first firing strictly after `t`, or undefined if cron-parser finds none. */
export function cronAfter(schedule: CronSchedule, t: number): number | undefined {
  try {
    return CronExpressionParser.parse(schedule.expression, { currentDate: t, tz: schedule.timeZone }).next().getTime();
  } catch {
    return undefined;
  }
}

/** The last firing at or before `t`, or undefined if cron-parser finds none. */
export function cronAtOrBefore(schedule: CronSchedule, t: number): number | undefined {
  try {
    return CronExpressionParser.parse(schedule.expression, { currentDate: t + 1, tz: schedule.timeZone }).prev().getTime();
  } catch {
    return undefined;
  }
}
