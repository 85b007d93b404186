namespace ConnectionStatusFunctions.Service.Storage;

/// <summary>A page of the attention list and how many entries the whole list held when the page was read.</summary>
public sealed record AttentionPage(ConnectionPage Page, int Total);
