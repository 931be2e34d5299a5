// The progress line: shown on a terminal once a build has run for a second, redrawn at most
// ten times a second, and erased before the summary. Silent when output is not a terminal.

export class Progress {
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream & { isTTY?: boolean } = process.stderr) {}

  update = (phase: string, done: number, total: number): void => {
    if (!this.stream.isTTY) return;
    const now = performance.now();
    if (now - this.started < 1000 || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.drawn = true;
    this.stream.write(`\r\x1b[2K${phase}: ${done} of ${total}`);
  };

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
