import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

type Step = { name: string; run: () => void | Promise<void> };

const steps: Step[] = [];
let cleaning: Promise<void> | undefined;

/** Registers something to undo at exit; undone in reverse order (instances before the database they use). */
export function onCleanup(name: string, run: () => void | Promise<void>): void {
  steps.push({ name, run });
}

/** Undoes everything registered, once, whatever the order of calls (normal end, Ctrl-C, a crash). */
export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of steps.reverse()) {
      try {
        await step.run();
      } catch (error) {
        process.stderr.write(`cleanup: ${step.name} failed: ${(error as Error).message}\n`);
      }
    }
  })();
  return cleaning;
}

/** A scratch folder removed at exit. */
export function scratchDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-chaos-'));
  onCleanup(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Ctrl-C, SIGTERM and crashes still stop every child process and remove every scratch folder. */
export function cleanUpOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping everything the chaos run started…\n`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  process.once('uncaughtException', (error) => {
    process.stderr.write(`chaos: ${error.stack ?? error}\n`);
    void cleanUp().finally(() => process.exit(1));
  });
}
