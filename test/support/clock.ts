/** A clock that moves only when the test says so. */
export function manualClock(start = 0) {
  let at = start;
  return {
    now: () => at,
    advance(ms: number) {
      at += ms;
    },
  };
}
