/** The last N lines of a child process's output, from chunks that may split lines anywhere. */
export class LogTail {
  readonly #lines: string[] = [];
  #partial = '';

  constructor(private readonly max: number) {}

  write(chunk: string): void {
    const parts = (this.#partial + chunk).split('\n');
    this.#partial = parts.pop() ?? '';
    for (const line of parts) this.#push(line);
  }

  /** Complete lines, then the line still being written, if any. */
  lines(): string[] {
    return this.#partial === '' ? [...this.#lines] : [...this.#lines, this.#partial];
  }

  text(): string {
    return this.lines().join('\n');
  }

  #push(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length > this.max) this.#lines.splice(0, this.#lines.length - this.max);
  }
}
