// Whole sentences out of a finding's detail, so the channel message can quote the cause and the fix without
// cutting a paragraph mid-word (the full detail is in the thread).

/** Splits after `.`, `!` or `?` followed by a space and an upper-case letter, digit or quote. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=["'(\p{Lu}\d])/u)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

/** The first sentence when it is at most `max` characters, else null (better nothing than a cut sentence). */
export function shortFirstSentence(text: string, max: number): string | null {
  const first = sentences(text)[0];
  return first && first.length <= max ? first : null;
}

/** Sentences the checks write as instructions start with a verb in the imperative. */
const INSTRUCTION =
  /^(Add|Allow|Attach|Associate|Call|Change|Check|Configure|Create|Delete|Deploy|Disable|Edit|Enable|Grant|Invite|Modify|Move|Open|Pass|Point|Put|Redeploy|Remove|Replace|Re-run|Run|Set|Switch|Turn|Update|Use)\b/;

/** Sentences that continue an instruction: where to make the change, and what follows it. */
const CONTINUATION = /^(Where:|Then\b)/;

/** The first instruction sentence of a detail ("Add vpce-… to that statement's …, then redeploy the stage."). */
export function fixSentence(detail: string): string | null {
  return sentences(detail).find((sentence) => INSTRUCTION.test(sentence)) ?? null;
}

/**
 * The instruction with the sentences that continue it ("Where: …", "Then redeploy …"), as many as fit in `max`
 * characters whole; null when there is no instruction.
 */
export function fixSentences(detail: string, max: number): string | null {
  const all = sentences(detail);
  const start = all.findIndex((sentence) => INSTRUCTION.test(sentence));
  if (start === -1) return null;
  let text = all[start] ?? '';
  for (const next of all.slice(start + 1)) {
    if (!CONTINUATION.test(next) || text.length + 1 + next.length > max) break;
    text += ` ${next}`;
  }
  return text;
}
