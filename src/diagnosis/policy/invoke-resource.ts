// The execute-api ARN a request is authorised against: arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}.

export interface InvokeTarget {
  region: string;
  accountId: string | null;
  apiId: string;
  stage: string | null;
  /** The invoke URL the user gave, or null. */
  url: string | null;
  method?: string;
}

/** The request path after the stage segment, without leading slash ('' for the stage root or no URL). */
export function pathAfterStage(url: string | null): string {
  if (!url) return '';
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return '';
  }
  const segments = pathname.split('/').filter((segment) => segment !== '');
  return segments.slice(1).join('/');
}

export function invokeResourceArn(target: InvokeTarget): string {
  const stage = target.stage ?? '*';
  const method = target.method ?? 'GET';
  return `arn:aws:execute-api:${target.region}:${target.accountId ?? '*'}:${target.apiId}/${stage}/${method}/${pathAfterStage(target.url)}`;
}
