using static ConnectionStatusFunctions.Core.Tests.RedactionProducts;

namespace ConnectionStatusFunctions.Core.Tests;

/// <summary>
/// Percent-encoded UTF-8 of a link or a key, password flags in shapes the quoted-flag rule missed, and a URL's matrix
/// parameter after a key-named segment (issue 17 item 11, t17f): "msg=password%20%E2%86%92%20w1 w2 w3 w4" lost only its
/// first word (the marker where the arrow was), a percent-encoded Thai key kept its value, "-p=S", "x;-p \"S\"",
/// "/P:\"S\"", "-p(S)", "-p $'S'" and a JSON-escaped quote kept theirs, and "/secret;version=latest" lost a parameter.
/// Each product asserts no 8-character fragment survives; ports, numbers and parameters stay whole.
/// </summary>
public class SecretRedactorEncodedLinkFlagTests
{
    private static readonly string[] Keys = ["password", "Password", "pwd", "passwd", "passphrase", "token", "api_key", "secret"];

    [Fact]
    public void A_percent_encoded_arrow_is_a_link_and_a_percent_encoded_thai_key_is_a_key()
    {
        AssertNoneLeaks(KeyLinkValueCases(7201, Keys, ["%20%E2%86%92%20", "%20%e2%86%92%20", "%E2%86%92"], (key, link, secret) => $"msg={key}{link}{secret}"));
        AssertNoneLeaks(KeyLinkValueCases(7202, ["%E0%B8%A3%E0%B8%AB%E0%B8%B1%E0%B8%AA%E0%B8%9C%E0%B9%88%E0%B8%B2%E0%B8%99"], ["%3A%20", "%20%E2%86%92%20"],
            (key, link, secret) => $"msg={key}{link}{secret}"));
    }

    [Fact]
    public void An_arrow_written_with_numeric_html_references_is_a_link()
    {
        AssertNoneLeaks(KeyLinkValueCases(7204, Keys, [" -&#62; ", " -&#x3E; ", " &#45;&#62; ", " &#x2D;&#x3e; "], (key, link, secret) => $"upstream said: {key}{link}{secret}"));
        AssertAllStay(["Tom &#45; Jerry &#62; 3", "password -&#62; see the docs", "a &#45; b"]);
    }

    [Fact]
    public void A_password_flag_loses_its_value_in_every_quote_bracket_and_separator()
    {
        string[] forms =
        [
            "tool -p={0} --host db", "x;-p \"{0}\"", "msbuild /P:\"{0}\"", "tool -p({0}) x", "tool -p[{0}] x", "tool -p{{{0}}} x", "tool -p $'{0}'",
            "{{\"cmd\":\"tool -p \\\"{0}\\\"\"}}",
        ];
        var random = new Random(7203);
        AssertNoneLeaks(forms.SelectMany(form => RunShapes.Select(shape => shape(random)).ToArray().Select(secret => (string.Format(form, secret), secret))));
    }

    [Fact]
    public void Ports_numbers_paths_and_matrix_parameters_stay_whole()
    {
        AssertAllStay([
            "tool -p=8080 x", "tool -p=8080:80", "x;-p \"8080\"", "mkdir -p=/var/x", "msbuild /P:\"Configuration=Release\"", "ssh -p 2222 host",
            "GET https://x.example.com/secret;version=latest (404)", "GET https://x.example.com/password;lang=en/x (404)",
            "see https://x.example.com/caf%C3%A9/menu",
        ]);
        Assert.Equal("GET https://x.example.com/token;jsessionid=[REDACTED] (404)", SecretRedactor.Redact("GET https://x.example.com/token;jsessionid=abc123 (404)"));
    }
}
