namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>A status row as the hourly survey reads it: its account id and the attention index entry it names (null: none).</summary>
public sealed record SurveyedRow(string ChannelAccountId, string? AttentionRowKey);
