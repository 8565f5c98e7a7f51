// GET /api/bench/practice-groups/through-middleware – the baseline again, but through
// middleware.ts, which passes it on untouched: `npm run bench` subtracts the two to show what
// Next's middleware pipeline costs by itself, apart from the key check and the rate limit.
// Bench mode only, like the baseline.
export { GET } from "../route";
