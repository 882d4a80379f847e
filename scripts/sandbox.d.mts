export const BLOCK_KIT_BUILDER: string;
export const USAGE: string;
export function blockKitBuilderUrl(blocks: unknown[]): string;

export type SandboxArgs =
  | {
      command: 'interactive' | 'list' | 'cli' | 'slack' | 'both';
      scenario: string | null;
      out: string;
      error?: undefined;
    }
  | { error: string };

export function parseSandboxArgs(argv: readonly string[]): SandboxArgs;
