namespace ConnectionStatusFunctions.Service.Page;

/// <summary>One file of the page, as served: its bytes, content type and entity tag.</summary>
public sealed record PageFile(string Name, byte[] Content, string ContentType, string ETag);
