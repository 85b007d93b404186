// A client of the service written only from its OpenAPI document: openapi-typescript turns
// /api/openapi.json into schema.mts, openapi-fetch calls the routes with those types, tsc
// checks it, node runs it against the running service. It reports, lists, reads one account, its
// history and the summary, and prints what it read as one JSON line for ContractToolTests.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema.mjs";

// Node's own globals, without @types/node: nothing is installed for the client but the two tools.
declare const process: { argv: string[] };

type Report = components["schemas"]["ReportInput"];

const [baseUrl, connectorKey, supportKey, tenantId, channelAccountId, checkedAt] = process.argv.slice(2);
const connector = createClient<paths>({ baseUrl, headers: { "X-Api-Key": connectorKey } });
const support = createClient<paths>({ baseUrl, headers: { "X-Api-Key": supportKey } });
const account = { params: { path: { tenantId, channelAccountId } } };
const tenant = { params: { path: { tenantId } } };

/** The answer's body, or a thrown error that says which route answered what. */
function body<T>(route: string, answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data === undefined) {
    throw new Error(`${route} answered ${answer.response.status}: ${JSON.stringify(answer.error)}`);
  }
  return answer.data;
}

const report: Report = {
  status: "error",
  checkedAt,
  errorCategory: "auth_error",
  errorCode: "LINE_401",
  errorMessage: "401 Unauthorized: the channel access token has expired",
  reportId: "rep-client-1",
  channel: "line",
  displayName: "ACME LINE OA",
};
// The schema's oneOf on status: an error without its category, which the server refuses, does not compile.
// @ts-expect-error errorCategory is required when status is "error"
const refused: Report = { status: "error", checkedAt };
// ...nor a success that carries an error category.
// @ts-expect-error errorCategory is only allowed when status is "error"
const alsoRefused: Report = { status: "connected", checkedAt, errorCategory: "auth_error" };
void refused;
void alsoRefused;

const patched = body("PATCH", await connector.PATCH("/api/tenants/{tenantId}/connections/{channelAccountId}", { ...account, body: report }));
const listed = body("list", await support.GET("/api/tenants/{tenantId}/connections", { params: { path: { tenantId }, query: { pageSize: 10 } } }));
const read = await support.GET("/api/tenants/{tenantId}/connections/{channelAccountId}", account);
const one = body("get", read);
const history = body("history", await support.GET("/api/tenants/{tenantId}/connections/{channelAccountId}/history", account));
const summary = body("summary", await support.GET("/api/tenants/{tenantId}/connection-summary", tenant));

// Numbers as numbers: none of these compiles when the document types a count as "string or integer".
const healthScore: number = one.healthScore;
const failures: number = one.consecutiveFailures + one.failuresInLast24Hours;
const issueShare: number = summary.issueCount / summary.total;
const ceilings: number[] = one.healthReasons.map((reason) => reason.ceiling);

console.log(JSON.stringify({
  outcome: patched.outcome,
  reportedScore: patched.connection?.healthScore,
  listed: listed.items.map((item) => item.channelAccountId),
  healthScore,
  failures,
  ceilings,
  etag: read.response.headers.get("ETag") !== null,
  historyTo: history.items.map((item) => item.to),
  issueShare,
  badge: summary.badge,
}));
