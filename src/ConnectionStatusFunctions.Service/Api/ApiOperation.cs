using System.Text.Json.Nodes;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>What an API route answers, as its entry in the route table describes it for the contract: a success and its problems.</summary>
public sealed record ApiOperation(string Summary, string Description, Type Success, int[] Problems)
{
    public IReadOnlyList<QueryParameter> Query { get; init; } = [];

    /// <summary>The JSON body the route reads, if any, and the example the contract shows for it.</summary>
    public Type? Body { get; init; }

    public object? BodyExample { get; init; }
}

/// <summary>An optional query parameter: its name, its JSON schema (copied into the contract) and what it does.</summary>
public sealed record QueryParameter(string Name, JsonObject Schema, string Description);
