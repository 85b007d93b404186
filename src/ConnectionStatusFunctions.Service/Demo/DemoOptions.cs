using ConnectionStatusFunctions.Core;
using ConnectionStatusFunctions.Service.Security;

namespace ConnectionStatusFunctions.Service.Demo;

/// <summary>The demo tenant that ./run.sh fills with made-up accounts, so the page and the API show something on a first run.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>The tenant to seed at start-up; unset (the default) seeds nothing.</summary>
    public string? Tenant { get; set; }

    public IEnumerable<string> Validate(AppEnvironment environment)
    {
        if (string.IsNullOrEmpty(Tenant))
        {
            yield break;
        }

        if (!Identifier.IsValid(Tenant))
        {
            yield return $"Demo:Tenant must be {Identifier.Rule}.";
        }

        // Made-up accounts in a real tenant would mislead support, so only a development machine seeds.
        if (!environment.IsDevelopment)
        {
            yield return environment.OnlyInDevelopment("Demo:Tenant fills a tenant with made-up accounts and is not allowed");
        }
    }
}
