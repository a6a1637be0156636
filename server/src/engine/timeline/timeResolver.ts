// Turns the times a family parses into absolute wall-clock times, file by file:
//   - full stamps (VNX, ESXi ISO, legacy SMlog) are kept as they are;
//   - year-less syslog stamps (VMSSlog, SMlog, xensource.log, cron, ESX 4) come out of the parser in
//     1972 (UNKNOWN_YEAR) and get a year here: the user's, one the log writes in full somewhere
//     near its start (VMSSlog does), or the file's modification year; a month
//     going backwards by more than half a year is a new year (Dec -> Jan);
//   - time-of-day stamps (NetBackup legacy logs) come out on 1970-01-01 and get the day the file name
//     states (log.MMDDYY); going back by more than 12 h is the next day;
//     or the day the user gives (--date, setting), else the day of the file's modification time (the
//     time of its last line), which the header says so that the engineer can correct it;
//   - a file with time-of-day stamps and no date at all is placed by time of day alone (`timeOfDayOnly`):
//     the merge keeps it only when every other file is in the same case.
import type { ParseContext } from '../formats/logFormat';
import { PARTIAL_TIME_LIMIT, UNKNOWN_YEAR } from '../formats/syslogPrefix';

const DAY = 86_400_000;
const HALF_YEAR = 183 * DAY;
const YEARLESS_START = Date.UTC(UNKNOWN_YEAR, 0, 1);

export type TimeKind = 'absolute' | 'yearless' | 'timeOfDay';

/** Where a time-of-day log's day came from: its name, the user, its modification time, nowhere. */
export type DaySource = 'name' | 'given' | 'mtime' | 'none';

/** Which of the three a parsed time is (see syslogPrefix.ts: partial times lie before 1973). */
export function timeKind(raw: number): TimeKind {
  if (raw >= PARTIAL_TIME_LIMIT || raw < 0) return 'absolute';
  if (raw < DAY) return 'timeOfDay';
  return raw >= YEARLESS_START ? 'yearless' : 'absolute';
}

export interface TimeResolverOptions {
  /** What the file name says (NetBackup: `day`). Its `year`, if any, is the year of the first line. */
  context?: ParseContext;
  /** The user's year for year-less stamps (setting / --year): the year of the file's first line. */
  year?: number;
  /** The first line's year as a full date written inside the log says it (see yearFromHead). */
  logYear?: { year: number; line: number };
  /** The file's modification time (ms, UTC): the time of its last line, give or take the time zone. */
  mtime?: number;
  /** Years to add to the modification-time year (see yearEvidence.ts: a bundle copied without its times). */
  yearShift?: number;
  /** The user's day (UTC midnight, ms) for the first line of a time-of-day log whose name gives none. */
  date?: number;
}

/** Month and day-of-year arithmetic on a year-less time, which the parser put in 1972. */
function withYear(raw: number, year: number): number {
  const d = new Date(raw);
  return Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) + (raw % DAY);
}

export class TimeResolver {
  /** Set when the file's times cannot be placed; the reason, for people. */
  problem: string | undefined;
  /** How the times were placed, for people ("year 2017 from the file's modification time"). */
  basis: string | undefined;
  private year: number | undefined;
  private lastYearless: number | undefined;
  private dayCarry = 0;
  private lastTimeOfDay: number | undefined;
  /** The first line's day of a time-of-day log, once known. */
  private day: number | undefined;
  /** Its times are times of day on 1970-01-01: no date was known at all (dayFrom 'none'). */
  get timeOfDayOnly(): boolean {
    return this.dayFrom === 'none';
  }
  /** Where a time-of-day log's day came from, once known. */
  dayFrom: DaySource | undefined;

  private readonly options: TimeResolverOptions;

  constructor(options: TimeResolverOptions = {}) {
    this.options = { ...options };
  }

  /** Sets the bundle's year correction; only before the first time is resolved. */
  setYearShift(shift: number): void {
    this.options.yearShift = shift;
  }

  /** The absolute time of a parsed time, or undefined when the file's times cannot be placed. */
  resolve(raw: number): number | undefined {
    switch (timeKind(raw)) {
      case 'absolute':
        this.basis ??= 'full date and time in the log';
        return raw;
      case 'timeOfDay':
        return this.resolveTimeOfDay(raw);
      case 'yearless':
        return this.resolveYearless(raw);
    }
  }

  private resolveTimeOfDay(raw: number): number | undefined {
    this.day ??= this.firstDay(raw);
    // a log that runs past midnight: the clock going back by more than 12 h is the next day
    if (this.lastTimeOfDay !== undefined && raw < this.lastTimeOfDay - DAY / 2) this.dayCarry += DAY;
    this.lastTimeOfDay = raw;
    return this.day + this.dayCarry + raw;
  }

  /** The day of a time-of-day log's first line, and the basis that says where it came from. */
  private firstDay(raw: number): number {
    const isoDay = (day: number) => new Date(day).toISOString().slice(0, 10);
    const named = this.options.context?.day;
    if (named !== undefined) {
      this.basis = `day ${isoDay(named)} from the file name`;
      this.dayFrom = 'name';
      return named;
    }
    if (this.options.date !== undefined) {
      this.basis = `day ${isoDay(this.options.date)} given for the first line`;
      this.dayFrom = 'given';
      return this.options.date;
    }
    const mtime = this.options.mtime;
    if (mtime !== undefined) {
      // The last line was written at the mtime: a first line later in the day than that is from the day before.
      const mtimeDay = Math.floor(mtime / DAY) * DAY;
      const day = raw > mtime - mtimeDay + 60_000 ? mtimeDay - DAY : mtimeDay;
      this.basis = `day ${isoDay(day)} from the file's modification time: its name gives no date (set one with --date or logtriage.timeline.dates)`;
      this.dayFrom = 'mtime';
      return day;
    }
    this.dayFrom = 'none';
    this.basis = 'time of day only: neither its name nor its file gives a date';
    return 0;
  }

  private resolveYearless(raw: number): number | undefined {
    const sinceNewYear = raw - YEARLESS_START;
    if (this.year === undefined) {
      const given = this.options.year ?? this.options.context?.year;
      if (given !== undefined) {
        this.year = given;
        this.basis = `year ${given} given for the first line`;
      } else if (this.options.logYear) {
        this.year = this.options.logYear.year;
        this.basis = `year ${this.year} from a date written in the log (line ${this.options.logYear.line + 1})`;
      } else if (this.options.mtime !== undefined) {
        // The file was last written at its mtime: its first line lies before that. A first line
        // later in the year than the mtime (a day's slack for time zones) is from the year before.
        const mtimeYear = new Date(this.options.mtime).getUTCFullYear();
        const first = withYear(raw, mtimeYear);
        const shift = this.options.yearShift ?? 0;
        this.year = (first > this.options.mtime + DAY ? mtimeYear - 1 : mtimeYear) + shift;
        this.basis = shift ? `year ${this.year}: the file's modification year corrected by ${shift} as another log writes its dates` : `year ${this.year} from the file's modification time`;
      } else {
        this.problem ??= 'its stamps have no year, and neither a year setting nor the file time gives one';
        return undefined;
      }
      this.lastYearless = sinceNewYear;
      return withYear(raw, this.year);
    }
    const last = this.lastYearless!;
    if (sinceNewYear < last - HALF_YEAR) {
      // Dec -> Jan: a new year
      this.year++;
      this.basis += `, then ${this.year}`;
    } else if (sinceNewYear > last + HALF_YEAR) {
      // a late line from December after January's: last year's, and the state stays
      return withYear(raw, this.year - 1);
    }
    this.lastYearless = sinceNewYear;
    return withYear(raw, this.year);
  }
}
