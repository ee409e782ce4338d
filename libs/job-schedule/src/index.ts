export type { CronSchedule, IsoSchedule, Schedule } from './types';
export { ScheduleError } from './types';
export { isValidTimeZone } from './zone';
export { durationMs } from './period';
export { consume, formatSchedule, latestDue, nextDue, parseSchedule, upcoming } from './schedule';
