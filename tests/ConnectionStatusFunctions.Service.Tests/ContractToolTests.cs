using System.Text.Json.Nodes;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// The OpenAPI document read by tools no one here wrote, pinned in package.json and installed by
/// `npm ci` as Azurite is: Redocly CLI and Spectral lint it, openapi-typescript turns it into types,
/// tsc type-checks a small openapi-fetch client against them and node runs that client against the
/// standalone app in a process of its own. The tools run once for the class (<see cref="ContractTools"/>);
/// each test reads its part of the results. Serial: it starts the app and the node tools, whose
/// CPU the parallel classes' bounded waits should not have to share.
/// </summary>
[Trait("Tier", "Slow")]
[Collection(SerialCollection.Name)]
public sealed class ContractToolTests(ContractTools tools) : IClassFixture<ContractTools>
{
    [Fact]
    public void RedoclyFindsNoErrorAndNoWarning()
    {
        var run = tools.Results.Redocly;
        var totals = JsonNode.Parse(run.Output)!["totals"]!;

        Assert.True(totals["errors"]!.GetValue<int>() == 0 && totals["warnings"]!.GetValue<int>() == 0, run.ToString());
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void SpectralFindsNoErrorAndNoWarning()
    {
        var run = tools.Results.Spectral;

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([], JsonNode.Parse(run.Output)!.AsArray());
    }

    [Fact]
    public void TheGeneratedClientTypeChecksAndReadsBackWhatItReported()
    {
        var (generate, compile, client) = tools.Results.Client;
        Assert.True(generate.ExitCode == 0, generate.ToString());
        Assert.True(compile.ExitCode == 0, compile.ToString());
        Assert.True(client.ExitCode == 0, client.ToString());

        var read = JsonNode.Parse(client.Output.Trim())!;
        Assert.Equal("applied", read["outcome"]!.GetValue<string>());
        Assert.Equal([ContractTools.Account], read["listed"]!.AsArray().Select(a => a!.GetValue<string>()));
        // An auth_error caps the score at 10 (docs/status-engine.md); one account, one issue.
        Assert.Equal(10, read["healthScore"]!.GetValue<int>());
        Assert.Equal(10, read["reportedScore"]!.GetValue<int>());
        Assert.Equal(2, read["failures"]!.GetValue<int>());
        Assert.Contains(10, read["ceilings"]!.AsArray().Select(c => c!.GetValue<int>()));
        Assert.True(read["etag"]!.GetValue<bool>());
        Assert.Equal(["error"], read["historyTo"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(1.0, read["issueShare"]!.GetValue<double>());
        Assert.Equal("red", read["badge"]!.GetValue<string>());
    }

    [Fact]
    public void TheClientDoesNotCompileWhenTheDocumentTypesAnIntegerAsStringOrInteger()
    {
        var (generate, compile) = tools.Results.LooseIntegers;

        Assert.True(generate.ExitCode == 0, generate.ToString());
        Assert.NotEqual(0, compile.ExitCode);
        Assert.Contains("error TS2322: Type 'string | number' is not assignable to type 'number'.", compile.Output, StringComparison.Ordinal);
    }
}
