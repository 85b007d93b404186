using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service;

/// <summary>How every settings class is registered: bound from its one section and validated at start-up by its own rules.</summary>
internal static class Settings
{
    /// <summary>Binds a settings class from its section; start-up stops with messages that name each offending setting.</summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section, Func<T, IEnumerable<string>> rules) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new SettingsRules<T>(rules));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>
    /// A rule that relates two settings classes, checked only when the other one is valid: invalid settings are
    /// reported once, by their own rules.
    /// </summary>
    public static bool WhenValid<TOther>(IOptions<TOther> other, Func<TOther, bool> rule) where TOther : class
    {
        try
        {
            return rule(other.Value);
        }
        catch (OptionsValidationException)
        {
            return true;
        }
    }

    private sealed class SettingsRules<T>(Func<T, IEnumerable<string>> rules) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var failures = rules(options).ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
