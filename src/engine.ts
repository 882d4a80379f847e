// Composition shared by the CLI and the Slack app: real AWS ports + the diagnosis engine. It reads no
// environment: the roots (src/cli/run.ts, src/main.ts) load the settings in src/config.ts and pass them here.

import {
  AccountDirectory,
  type DirectoryFor,
  type LocationMemory,
  processAccountDirectory,
} from './aws/account-directory.js';
import type { AwsClientSettings } from './aws/clients.js';
import { Pacer } from './aws/pacing.js';
import { createAwsPorts } from './aws/ports.js';
import type { AccountsSettings } from './config.js';
import { AwsUnreachableError, diagnose } from './diagnosis/diagnose.js';
import type { DiagnosisRequest, Report } from './diagnosis/types.js';
import { withFixCommands } from './remediation/fix-commands.js';
import { withIacAdvice } from './remediation/fix-iac.js';

export { AwsUnreachableError };

export interface EngineSettings {
  /** Retries and endpoint of every client; without a pacer the engine makes its own (one per engine). */
  aws: AwsClientSettings;
  /** The region of a request that names none (AWS_REGION, else AWS_DEFAULT_REGION). */
  defaultRegion: string | null;
  /** Waits before each new search of the logs for the probe's request ids; null: the engine's default. */
  requestLogRetryDelaysMs?: number[] | null;
  /** Other accounts to read (APIGW_DIAGNOSE_*); unset or without a read role, only the credentials' own. */
  accounts?: AccountsSettings;
  /** Where located APIs and endpoints are remembered between diagnoses (the bot's state table). */
  locationMemory?: LocationMemory;
  /**
   * The directory the caller shares with the fixes (the bot: its processAccountDirectory, or one instance);
   * unset, the engine makes its own the same way when accounts need it.
   */
  directory?: AccountDirectory | DirectoryFor | null;
}

/** What the engine adds to the findings that offer a fix: the AWS CLI commands, and the drift on managed resources. */
function composeFixes(report: Report): Report {
  return withIacAdvice(withFixCommands(report));
}

export interface EngineOptions {
  /** PROBE_FUNCTION (spec §6): a function name or a `vpc-…=name,…` map. */
  probeFunction?: string;
}

export type RunDiagnosis = (request: DiagnosisRequest, options?: EngineOptions) => Promise<Report>;

/** The engine and, with several accounts, the directory it reads them through (the bench reads its figures). */
export interface Engine {
  run: RunDiagnosis;
  directory: AccountDirectory | null;
}

/**
 * The engine of one process. Its pacer is shared by every diagnosis it runs (several responders, one incident,
 * one AWS per-account budget); pass the process's pacer in `aws` to share it with the fixes too.
 */
export function createEngine(settings: EngineSettings): RunDiagnosis {
  return createEngineWithAccounts(settings).run;
}

/** The engine, with the account directory it keeps for the life of the process (assumed roles, locations). */
export function createEngineWithAccounts(settings: EngineSettings): Engine {
  const aws = { ...settings.aws, pacer: settings.aws.pacer ?? new Pacer() };
  const delays = settings.requestLogRetryDelaysMs;
  const { accounts } = settings;
  const given = settings.directory;
  const directoryFor: DirectoryFor =
    typeof given === 'function'
      ? given
      : given
        ? () => given
        : processAccountDirectory({
            settings: aws,
            accounts,
            defaultRegion: settings.defaultRegion,
            ...(settings.locationMemory ? { memory: settings.locationMemory } : {}),
          });
  /** The directory the diagnoses went through so far (the bench reads its figures). */
  let directory: AccountDirectory | null = given instanceof AccountDirectory ? given : null;
  /** Diagnoses one private API with fresh AWS clients (and so a fresh call counter) for this run. */
  const run: RunDiagnosis = async (request, options = {}) => {
    const region = request.region ?? settings.defaultRegion;
    if (!region) throw new Error('no region: pass --region or set AWS_REGION');
    const probe = options.probeFunction ? { probeFunction: options.probeFunction } : {};
    const base = delays ? { requestLogRetryDelaysMs: delays } : {};
    const found = directoryFor(region);
    if (found) {
      directory = found;
      const scope = found.scope(region, probe);
      return composeFixes(await diagnose({ ...request, region }, scope.home, { ...base, accounts: scope }));
    }
    const ports = createAwsPorts(region, aws, probe);
    return composeFixes(await diagnose({ ...request, region }, ports, base));
  };
  return {
    run,
    get directory() {
      return directory;
    },
  };
}
