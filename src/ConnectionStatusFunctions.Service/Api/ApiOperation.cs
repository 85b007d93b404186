using System.Text.Json.Nodes;

namespace ConnectionStatusFunctions.Service.Api;

/// <summary>
/// What an API route answers, as its entry in the route table describes it for the contract: its
/// group (one of <see cref="ApiContract.Tags"/>), a success and every problem status it can answer.
/// </summary>
public sealed record ApiOperation(string Tag, string Summary, string Description, Type Success, int[] Problems)
{
    /// <summary>Headers the success carries besides <see cref="ApiContract.CommonHeaders"/>.</summary>
    public IReadOnlyList<string> SuccessHeaders { get; init; } = [];

    public IReadOnlyList<QueryParameter> Query { get; init; } = [];

    /// <summary>The success's status: 200, 201 for a creation (with <see cref="Success"/> as its body), 204 for no body.</summary>
    public int SuccessStatus { get; init; } = StatusCodes.Status200OK;

    /// <summary>The JSON body the route reads, if any, and the example the contract shows for it.</summary>
    public Type? Body { get; init; }

    public object? BodyExample { get; init; }
}

/// <summary>A query parameter: its name, its JSON schema (copied into the contract), what it does, and whether a request must carry it.</summary>
public sealed record QueryParameter(string Name, JsonObject Schema, string Description, bool Required = false);
