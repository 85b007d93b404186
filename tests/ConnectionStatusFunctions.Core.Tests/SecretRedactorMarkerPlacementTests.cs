using static ConnectionStatusFunctions.Core.Tests.RedactionProducts;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// The marker in the wrong place (issue 17 item 11, t17f "worst shape first"): the marker stood where markup, a bracketed
/// qualifier, a hyphenated verb or an argv separator was and the password followed it, so the stored line looked handled
/// ("&lt;b&gt;password&lt;[REDACTED]&gt; -&gt; S", "password ([REDACTED]) -&gt; S", "password was [REDACTED] to S",
/// '"-p"[REDACTED]"S"'). Every key x every wrapper x every link x one-run value shapes: no 8-character fragment survives
/// and the marker never stands in the markup; the same wrappers before prose, and argv ports, stay whole.
/// </summary>
public class SecretRedactorMarkerPlacementTests
{
    private static readonly string[] Keys = ["password", "Password", "pwd", "passwd", "passphrase", "token", "api_key", "secret", "client_secret"];

    // Markup around the key and a bracketed owner or qualifier after it.
    private static readonly string[] Wrappers = ["<b>{0}</b>", "<strong>{0}</strong>", "<code>{0}</code>", "<em>{0}</em>", "{0} (shop01)", "{0} (new)", "{0} (prod)"];

    private static readonly string[] Links = [" -> ", " is ", ": ", " = ", " was auto-set to ", " was re-set to ", " pre-set to "];

    private static IEnumerable<string> WrappedKeys => Keys.SelectMany(key => Wrappers.Select(wrapper => string.Format(wrapper, key)));

    private static List<(string Message, string Secret)> RunCases(int seed, IEnumerable<string> keys, IEnumerable<string> links, Func<string, string, string, string> write)
    {
        var random = new Random(seed);
        return [.. keys.SelectMany(key => links.SelectMany(link => RunShapes.Select(shape => shape(random)).ToArray().Select(secret => (write(key, link, secret), secret))))];
    }

    [Fact]
    public void A_value_after_markup_or_a_qualifier_or_a_hyphenated_verb_is_redacted_and_the_marker_stays_out_of_the_markup()
    {
        var cases = RunCases(7101, WrappedKeys, Links, LoginFailed);
        AssertNoneLeaks(cases);
        var misplaced = cases.Select(c => SecretRedactor.Redact(c.Message))
            .Where(redacted => redacted.Contains("<[REDACTED]>", StringComparison.Ordinal) || redacted.Contains("([REDACTED])", StringComparison.Ordinal)
                || redacted.Contains("was [REDACTED] to", StringComparison.Ordinal))
            .ToList();
        Assert.True(misplaced.Count == 0, "marker in the markup:\n" + string.Join('\n', misplaced));
    }

    [Fact]
    public void A_table_cell_after_a_key_cell_is_the_value()
    {
        var random = new Random(7102);
        AssertNoneLeaks(Keys.SelectMany(key => RunShapes.Select(shape => shape(random)).ToArray()
            .Select(secret => ($"config dump: <td>{key}</td><td>{secret}</td> (end)", secret))));
    }

    [Fact]
    public void An_argv_element_after_a_password_flag_element_is_the_value()
    {
        var random = new Random(7103);
        string[] forms = ["command failed: [\"tool\",\"-p\",\"{0}\"]", "command failed: ['tool', '-p', '{0}']", "command failed: [\"tool\",\"--password\",\"{0}\"]",
            "spawn error: [\"redis-cli\",\"-a\",\"{0}\"]", "spawn error: ['tool', '--password', '{0}', '--host', 'db']"];
        var cases = forms.SelectMany(form => RunShapes.Select(shape => shape(random)).ToArray().Select(secret => (Message: string.Format(form, secret), Secret: secret))).ToList();
        AssertNoneLeaks(cases);
        var separators = cases.Select(c => SecretRedactor.Redact(c.Message)).Where(r => r.Contains("\"[REDACTED]\"", StringComparison.Ordinal) is false
            && r.Contains("'[REDACTED]'", StringComparison.Ordinal) is false).ToList();
        Assert.True(separators.Count == 0, "the marker replaced a separator:\n" + string.Join('\n', separators));
    }

    [Fact]
    public void Markup_qualifiers_and_argv_ports_around_prose_stay_whole()
    {
        string[] prose = ["is required", "is expired", "was revoked by the admin", "is missing", "is not set", "should be at least 12 characters"];
        AssertAllStay(Keys.SelectMany(key => new[] { $"<b>{key}</b>", $"<strong>{key}</strong>", $"{key} (optional)" })
            .SelectMany(key => prose.Select(state => $"{key} {state}")));
        AssertAllStay([
            "<td>password</td><td>not set</td>", "<td>token</td><td>expired</td>", "password (optional) - see the docs",
            "[\"tool\",\"-p\",\"8080\"]", "['ssh', '-p', '2222', 'host']", "ssh -p 2222 host", "[\"tool\",\"-p\",\"$PASS\"]",
        ]);
    }
}
