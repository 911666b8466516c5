/**
 * The proxy's own log (not the access log), with Envoy's levels and a few of its logger names, so
 * `/logging?level=debug` or `/logging?router=trace` work as on Envoy's admin endpoint. Lines go to
 * stderr; the access log owns stdout.
 */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'critical', 'off'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOGGERS = ['admin', 'config', 'connection', 'http', 'router', 'upstream', 'main'] as const;
export type LoggerName = (typeof LOGGERS)[number];

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

export function isLoggerName(value: string): value is LoggerName {
  return (LOGGERS as readonly string[]).includes(value);
}

export class Logger {
  readonly #levels = new Map<LoggerName, number>();

  constructor(
    level: LogLevel = 'info',
    private readonly out: (line: string) => void = (line) => process.stderr.write(line),
  ) {
    this.setAll(level);
  }

  setAll(level: LogLevel): void {
    for (const name of LOGGERS) this.#levels.set(name, LOG_LEVELS.indexOf(level));
  }

  set(name: LoggerName, level: LogLevel): void {
    this.#levels.set(name, LOG_LEVELS.indexOf(level));
  }

  levels(): Array<[LoggerName, LogLevel]> {
    return LOGGERS.map((name) => [name, LOG_LEVELS[this.#levels.get(name) ?? 2] ?? 'info']);
  }

  enabled(name: LoggerName, level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) >= (this.#levels.get(name) ?? 2);
  }

  log(name: LoggerName, level: LogLevel, message: string): void {
    if (!this.enabled(name, level)) return;
    this.out(`[${new Date().toISOString()}][${level}][${name}] ${message}\n`);
  }

  debug(name: LoggerName, message: string): void {
    this.log(name, 'debug', message);
  }

  info(name: LoggerName, message: string): void {
    this.log(name, 'info', message);
  }

  warn(name: LoggerName, message: string): void {
    this.log(name, 'warning', message);
  }

  error(name: LoggerName, message: string): void {
    this.log(name, 'error', message);
  }
}
