using System.Text;

namespace ConnectionStatusFunctions.Testing;

/// <summary>A connector error message with one generated secret in it, and a word of context that must survive.</summary>
public sealed record LeakyMessage(string Format, string Message, string Secret, string Context)
{
    public override string ToString() => Format;
}

/// <summary>Realistic connector error messages with freshly generated secrets of each format connectors leak.</summary>
public static class SecretCorpus
{
    private const string Base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Base64 = Base62 + "+/";
    private const string Base64Url = Base62 + "-_";
    private const string Hex = "0123456789abcdef";

    /// <summary>Each format makes (message, secret, a piece of context that must survive) from a random source.</summary>
    public static readonly IReadOnlyDictionary<string, Func<Random, (string Message, string Secret, string Context)>> Formats =
        new Dictionary<string, Func<Random, (string, string, string)>>
        {
            ["bearer header"] = r => Secret(r, Base64Url, 40, s => $"LINE push failed: 401 Unauthorized, request had Authorization: Bearer {s}", "401 Unauthorized"),
            ["bare bearer"] = r => Secret(r, Base64Url, 48, s => $"TikTok Shop API rejected Bearer {s} with 401", "TikTok Shop API"),
            ["basic credentials"] = r => Secret(r, Base64, 32, s => $"Lazada gateway said 403 to 'Authorization: Basic {s}='", "403"),
            ["jwt"] = Jwt,
            ["access_token query"] = r => Secret(r, Base62, 30, s => $"GET https://graph.facebook.com/v19.0/me?access_token={s}&fields=name returned 190", "graph.facebook.com"),
            ["refresh_token json"] = r => Secret(r, Base64Url, 44, s => $"Shopee token refresh failed (error_param): {{\"refresh_token\":\"{s}\",\"shop_id\":123456}}", "error_param"),
            ["client_secret form"] = r => Secret(r, Base62, 32, s => $"Lazada OAuth 400 invalid_client for client_secret={s}", "invalid_client"),
            ["api key header"] = r => Secret(r, Base62, 36, s => $"Webchat relay 403: X-Api-Key: {s} is not allowed", "Webchat relay 403"),
            ["password kv"] = r => Secret(r, Base62 + "!#$%", 12, s => $"IMAP login failed for support@acme.co.th password={s} (AUTHENTICATIONFAILED)", "AUTHENTICATIONFAILED"),
            ["channel secret json escaped"] = r => Secret(r, Hex, 32, s => $"upstream body: {{\\\"channel_secret\\\":\\\"{s}\\\"}} rejected 400", "rejected 400"),
            ["url credentials"] = r => Secret(r, Base62, 16, s => $"SMTP relay smtp://mailer:{s}@smtp.example.com:587 refused connection", "smtp.example.com"),
            ["storage connection string"] = r => Secret(r, Base64, 86, s => $"Queue send failed: DefaultEndpointsProtocol=https;AccountName=acmestore;AccountKey={s}==;EndpointSuffix=core.windows.net", "AccountName=acmestore"),
            ["storage key alone"] = r => Secret(r, Base64, 86, s => $"storage key {s}== was rotated, 403 AuthenticationFailed", "AuthenticationFailed"),
            ["sas url"] = r => Secret(r, Base62, 43, s => $"PUT https://acme.blob.core.windows.net/exports/a.json?sv=2022-11-02&se=2026-11-25T00%3A00%3A00Z&sp=w&sig={s}%3D failed 403", "acme.blob.core.windows.net"),
            ["github token"] = r => Secret(r, Base62, 36, s => $"Release hook failed: ghp_{s} lacks repo scope (403)", "lacks repo scope", "ghp_"),
            ["slack bot token"] = r => Secret(r, Base62, 24, s => $"Slack alert not sent, token xoxb-1234567890-{s} revoked", "Slack alert not sent", "xoxb-1234567890-"),
            ["slack webhook"] = r => Secret(r, Base62, 24, s => $"POST https://hooks.slack.com/services/T0ACME/B0ALERT/{s} returned 404", "returned 404"),
            ["stripe key"] = r => Secret(r, Base62, 24, s => $"Billing sync failed: Invalid API Key provided: sk_live_{s}", "Billing sync failed", "sk_live_"),
            ["aws access key"] = r => Secret(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, s => $"S3 export failed: The AWS Access Key Id AKIA{s} does not exist", "S3 export failed", "AKIA"),
            ["aws secret key"] = r => Secret(r, Base64, 40, s => $"S3 signature mismatch, secret key used {s}", "signature mismatch"),
            ["google api key"] = r => Secret(r, Base64Url, 35, s => $"YouTube quota check failed: key=AIza{s} 403 forbidden", "403 forbidden", "AIza"),
            ["google oauth token"] = r => Secret(r, Base64Url, 60, s => $"Gmail channel 401: ya29.{s} expired", "Gmail channel 401", "ya29."),
            ["meta page token"] = r => Secret(r, Base62, 120, s => $"Messenger send failed (code 190) using EAA{s}", "Messenger send failed", "EAA"),
            ["line channel access token"] = r => Secret(r, Base64, 170, s => $"LINE Messaging API 401: channel access token {s}= is invalid", "LINE Messaging API 401"),
            ["oauth callback code"] = r => Secret(r, Base64Url, 30, s => $"Instagram login callback https://app.example.com/oauth/instagram?code={s}#_ failed: 400", "failed: 400"),
            ["hex token"] = r => Secret(r, Hex, 64, s => $"Shopee partner sign check failed, access token {s} rejected with error_auth", "error_auth"),
        };

    public static List<LeakyMessage> Generate(Random random, int copiesPerFormat)
    {
        var messages = new List<LeakyMessage>();
        foreach (var (format, make) in Formats)
        {
            for (var i = 0; i < copiesPerFormat; i++)
            {
                var (message, secret, context) = make(random);
                messages.Add(new LeakyMessage(format, message, secret, context));
            }
        }

        return messages;
    }

    private static (string Message, string Secret, string Context) Secret(Random random, string alphabet, int length, Func<string, string> message, string context, string prefix = "")
    {
        var secret = Random(random, alphabet, length);
        return (message(secret), prefix + secret, context);
    }

    private static (string, string, string) Jwt(Random random)
    {
        var header = Base64UrlOf("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        var payload = Base64UrlOf($"{{\"sub\":\"{random.Next()}\",\"iat\":{random.Next()},\"channel\":\"line\"}}");
        var token = $"{header}.{payload}.{Random(random, Base64Url, 43)}";
        return ($"Webhook signature check failed for LINE: token {token} (401)", token, "(401)");
    }

    private static string Base64UrlOf(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Random(Random random, string alphabet, int length) =>
        string.Create(length, (random, alphabet), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
            }
        });
}
