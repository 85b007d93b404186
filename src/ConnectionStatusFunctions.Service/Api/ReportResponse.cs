using System.ComponentModel;
using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Api;

[Description("What a report did, and the account as it stands after it.")]
public sealed record ReportResponse(
    [Description("`applied` when the report was newer than the stored state; `stale` when it was older (nothing changes), or observed not after the account's deletion plus StatusPolicy:MaxClockSkew; `duplicate` when it equals the stored one or repeats the last applied reportId (nothing changes; also the answer to a request whose own write was applied but whose storage answer was lost and retried: the report is applied either way).")] TransitionKind Outcome,
    [Description("The account after the report, as a GET of it answers; null when the account was deleted and the report was observed no later than the deletion plus StatusPolicy:MaxClockSkew (outcome `stale`: the report created nothing).")] ConnectionView? Connection);
