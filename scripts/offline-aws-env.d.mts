export const OFFLINE_AWS_ENV: Readonly<Record<string, string>>;
export function offlineAwsEnv(endpointUrl: string): Record<string, string>;
export function useOfflineAwsInProcess(): void;
