/** A logger that keeps its lines (`warn [results] ...`), for tests of the editor parts that take one. */
export class LineLogger {
  readonly lines: string[] = [];
  debug(c: string, m: string): void {
    this.lines.push(`debug [${c}] ${m}`);
  }
  info(c: string, m: string): void {
    this.lines.push(`info [${c}] ${m}`);
  }
  warn(c: string, m: string): void {
    this.lines.push(`warn [${c}] ${m}`);
  }
  error(c: string, m: string, err?: unknown): void {
    this.lines.push(`error [${c}] ${m}${err instanceof Error ? `: ${err.message}` : ''}`);
  }
  text(): string {
    return this.lines.join('\n');
  }
}
