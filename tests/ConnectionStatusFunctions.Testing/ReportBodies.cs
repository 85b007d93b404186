namespace ConnectionStatusFunctions.Testing;

/// <summary>Report bodies as a connector sends them, for the tests of both hosts.</summary>
public static class ReportBodies
{
    /// <summary>A PATCH body with every field present; a null one is sent as null, as a connector's serializer would.</summary>
    public static object Report(string status, DateTimeOffset checkedAt, string? category = null, string? message = null, string? channel = "line", string? reportId = null) =>
        new { status, checkedAt = checkedAt.ToString("O"), errorCategory = category, errorMessage = message, channel, reportId };
}
