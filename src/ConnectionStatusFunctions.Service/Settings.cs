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
    /// Binds a settings class whose ranges are data annotations, checked by <typeparamref name="TValidator"/>
    /// (an <c>[OptionsValidator]</c> the options source generator writes), beside its own hand-written
    /// <paramref name="rules"/>.
    /// </summary>
    public static OptionsBuilder<T> AddSettings<T, TValidator>(this IServiceCollection services, string section, Func<T, IEnumerable<string>> rules)
        where T : class
        where TValidator : IValidateOptions<T>, new()
    {
        services.AddSingleton<IValidateOptions<T>>(new AnnotatedSettings<T, TValidator>(section));
        return services.AddSettings(section, rules);
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

    /// <summary>
    /// The generated validator's messages with each setting named by its configuration path, which is
    /// what an operator sets: it writes "Concurrency: The field ProbeOptions.Concurrency must be
    /// between 1 and 256.", this "The field Probes:Concurrency must be between 1 and 256.".
    /// </summary>
    private sealed class AnnotatedSettings<T, TValidator>(string section) : IValidateOptions<T>
        where T : class
        where TValidator : IValidateOptions<T>, new()
    {
        private readonly TValidator _validator = new();

        public ValidateOptionsResult Validate(string? name, T options)
        {
            var result = _validator.Validate(name, options);
            return result.Failed ? ValidateOptionsResult.Fail(result.Failures!.Select(SettingPath)) : result;
        }

        private string SettingPath(string failure) => failure.Split(": ", 2) is [var property, var message]
            ? message.Replace($"{typeof(T).Name}.{property}", $"{section}:{property}", StringComparison.Ordinal)
            : failure;
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
