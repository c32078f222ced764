/**
 * Every `code` a `ModelrouteError` can carry: the resolution codes, plus
 * `invalid_argument` (bad JavaScript input), `dotenv_parse` (a `.env` line
 * python-dotenv would skip) and `internal` (a bug in this package).
 * `modelroute/export` adds the codes of `exportAs()`.
 */
export type ErrorCode = ResolutionErrorCode | "invalid_argument" | "dotenv_parse" | "internal";
