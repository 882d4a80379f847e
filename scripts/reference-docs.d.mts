export function findingsMarkdown(
  catalogue: Record<
    string,
    { severity: string; fix: string; check: string; title: string; remediations: readonly string[] }
  >,
  fixes: readonly {
    id: string;
    label: string;
    dangerous: boolean;
    changes: string;
    iamActions: readonly string[];
  }[],
): string;

export function configurationMarkdown(
  environment: Record<
    string,
    { readBy: readonly string[]; required: string | null; default: string | null; meaning: string }
  >,
): string;
