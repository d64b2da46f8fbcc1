/** `sweepscope run`: the whole pipeline; prints the run summary, exit 0 only when every partition succeeded. */
import type { ConfigOverrides } from '../../config/load-config.js';
import { loadConfig } from '../../config/load-config.js';
import type { PipelineResult } from '../../jobs/pipeline.js';
import { type ProgressSink, silentProgress } from '../../model/progress.js';
import type { Logger } from '../../util/logger.js';

export interface RunCommandOptions {
  config: string;
  force?: boolean;
  json?: boolean;
  overrides?: ConfigOverrides;
}

export interface RunCommandResult {
  exitCode: 0 | 1;
  /** what the command prints on stdout */
  report: string;
}

export async function runCommand(
  opts: RunCommandOptions,
  deps: { progress?: ProgressSink; logger?: Logger } = {},
): Promise<RunCommandResult> {
  const config = loadConfig(opts.config, opts.overrides);
  // loaded after the config so a bad config fails fast, before DuckDB and the workers load
  const { runPipeline } = await import('../../jobs/pipeline.js');
  const progress = deps.progress ?? silentProgress;
  const result: PipelineResult = await runPipeline(config, {
    force: opts.force,
    progress,
    logger: deps.logger,
  });
  const report = opts.json
    ? JSON.stringify({ ok: result.ok, run_json: result.runJsonPath, summary: result.summary }, null, 2)
    : `${result.summary.trimEnd()}\n\nrun record: ${result.runJsonPath}`;
  return { exitCode: result.ok ? 0 : 1, report };
}
