using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Core;

// A command line, a database statement or a dumped array copied into an error: the secret is known by its place (the
// option a program reads its password from, IDENTIFIED BY, AUTH), not by a key word before a separator. Long because the
// table of programs and their password options is data the rules around it read, and a statement's grammar (SQL, Redis,
// a shell's quoting) must be read whole to know which word is the secret.
public static partial class SecretRedactor
{
    /// <summary>Where a secret option's value holds the secret: all of it, after "user:" (curl), after "user%" (Samba), after "user," (lftp), after "pass:" (OpenSSL).</summary>
    private enum OptionValue
    {
        Whole,
        AfterColon,
        AfterPercent,
        AfterComma,
        AfterPassPrefix,
    }

    /// <summary>An option that carries a secret: its flag as the program spells it (case matters: mysql's -P is a port), and how its value is written.</summary>
    private sealed record SecretOption(string Flag, bool Attached, bool Separate, OptionValue Value = OptionValue.Whole);

    /// <summary>A program's options that carry a secret; <paramref name="Subcommand"/>, when set, must come first ("docker login -p").</summary>
    private sealed record ProgramOptions(SecretOption[] Options, string? Subcommand = null);

    private static readonly SecretOption[] MySqlOptions = [new("-p", Attached: true, Separate: false), new("--password", Attached: false, Separate: true)];
    private static readonly SecretOption[] MongoOptions = [new("-p", Attached: false, Separate: true), new("--password", Attached: false, Separate: true)];
    private static readonly SecretOption[] SqlServerOptions = [new("-P", Attached: true, Separate: true)];
    private static readonly SecretOption[] LdapOptions = [new("-w", Attached: true, Separate: true)];
    private static readonly SecretOption[] SambaOptions = [new("-U", Attached: true, Separate: true, OptionValue.AfterPercent), new("--user", Attached: false, Separate: true, OptionValue.AfterPercent)];
    private static readonly SecretOption[] ArchiveOptions = [new("-p", Attached: true, Separate: false)];
    private static readonly SecretOption[] RemoteRunOptions = [new("-p", Attached: false, Separate: true)];
    private static readonly SecretOption[] KeyStoreOptions =
    [
        new("-storepass", Attached: false, Separate: true), new("-keypass", Attached: false, Separate: true), new("-srcstorepass", Attached: false, Separate: true),
        new("-deststorepass", Attached: false, Separate: true), new("-srckeypass", Attached: false, Separate: true), new("-destkeypass", Attached: false, Separate: true),
    ];
    private static readonly SecretOption[] LoginOptions = [new("-p", Attached: false, Separate: true), new("--password", Attached: false, Separate: true)];

    /// <summary>Programs whose secret options are not named by a secret word, so the key rules cannot see them.</summary>
    private static readonly Dictionary<string, ProgramOptions> SecretOptionsByProgram = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mysql"] = new(MySqlOptions), ["mysqldump"] = new(MySqlOptions), ["mysqladmin"] = new(MySqlOptions),
        ["mysqlimport"] = new(MySqlOptions), ["mysqlcheck"] = new(MySqlOptions), ["mysqlshow"] = new(MySqlOptions),
        ["mariadb"] = new(MySqlOptions), ["mariadb-dump"] = new(MySqlOptions), ["mariadb-admin"] = new(MySqlOptions),
        ["redis-cli"] = new([new("-a", Attached: false, Separate: true), new("--pass", Attached: false, Separate: true)]),
        ["valkey-cli"] = new([new("-a", Attached: false, Separate: true), new("--pass", Attached: false, Separate: true)]),
        ["sshpass"] = new([new("-p", Attached: true, Separate: true)]),
        ["mongo"] = new(MongoOptions), ["mongosh"] = new(MongoOptions), ["mongodump"] = new(MongoOptions),
        ["mongorestore"] = new(MongoOptions), ["mongoexport"] = new(MongoOptions), ["mongoimport"] = new(MongoOptions),
        ["sqlcmd"] = new(SqlServerOptions), ["bcp"] = new(SqlServerOptions), ["osql"] = new(SqlServerOptions),
        ["mosquitto_pub"] = new([new("-P", Attached: false, Separate: true)]), ["mosquitto_sub"] = new([new("-P", Attached: false, Separate: true)]),
        ["keydb-cli"] = new([new("-a", Attached: false, Separate: true), new("--pass", Attached: false, Separate: true)]),
        ["redis-benchmark"] = new([new("-a", Attached: false, Separate: true)]),
        ["ldapsearch"] = new(LdapOptions), ["ldapmodify"] = new(LdapOptions), ["ldapadd"] = new(LdapOptions),
        ["ldapdelete"] = new(LdapOptions), ["ldapwhoami"] = new(LdapOptions),
        // ldappasswd's -s is the new password.
        ["ldappasswd"] = new([new("-w", Attached: true, Separate: true), new("-s", Attached: false, Separate: true)]),
        ["unzip"] = new([new("-P", Attached: false, Separate: true)]),
        // ssh-keygen's -N is the new passphrase, -P the old one.
        ["ssh-keygen"] = new([new("-N", Attached: false, Separate: true), new("-P", Attached: false, Separate: true)]),
        ["rdesktop"] = new([new("-p", Attached: false, Separate: true)]),
        ["zip"] = new([new("-P", Attached: false, Separate: true)]),
        ["7z"] = new(ArchiveOptions), ["7za"] = new(ArchiveOptions), ["7zz"] = new(ArchiveOptions), ["rar"] = new(ArchiveOptions), ["unrar"] = new(ArchiveOptions),
        // Programs whose "-p"/"-P" is no password: grep's Perl pattern, mkdir's parents.
        ["grep"] = new([]), ["egrep"] = new([]), ["pcregrep"] = new([]), ["pcre2grep"] = new([]), ["rg"] = new([]), ["mkdir"] = new([]),
        ["curl"] = new([
            new("-u", Attached: true, Separate: true, OptionValue.AfterColon), new("--user", Attached: false, Separate: true, OptionValue.AfterColon),
            new("-U", Attached: true, Separate: true, OptionValue.AfterColon), new("--proxy-user", Attached: false, Separate: true, OptionValue.AfterColon),
            new("--oauth2-bearer", Attached: false, Separate: true)]),
        ["wget"] = new([
            new("--password", Attached: false, Separate: true), new("--http-password", Attached: false, Separate: true),
            new("--ftp-password", Attached: false, Separate: true), new("--proxy-password", Attached: false, Separate: true)]),
        ["smbclient"] = new(SambaOptions), ["rpcclient"] = new(SambaOptions),
        ["openssl"] = new([
            new("-passin", Attached: false, Separate: true, OptionValue.AfterPassPrefix), new("-passout", Attached: false, Separate: true, OptionValue.AfterPassPrefix),
            new("-pass", Attached: false, Separate: true, OptionValue.AfterPassPrefix), new("-k", Attached: false, Separate: true)]),
        ["psexec"] = new(RemoteRunOptions), ["psexec64"] = new(RemoteRunOptions), ["paexec"] = new(RemoteRunOptions),
        ["keytool"] = new(KeyStoreOptions), ["jarsigner"] = new(KeyStoreOptions),
        ["lftp"] = new([new("-u", Attached: false, Separate: true, OptionValue.AfterComma), new("--user", Attached: false, Separate: true, OptionValue.AfterComma)]),
        ["cqlsh"] = new(LoginOptions), ["isql"] = new(SqlServerOptions), ["mssql-cli"] = new(SqlServerOptions), ["vsql"] = new(LdapOptions),
        ["clickhouse-client"] = new([new("--password", Attached: false, Separate: true)]), ["influx"] = new([new("-password", Attached: false, Separate: true)]),
        ["oc"] = new(LoginOptions, Subcommand: "login"), ["helm"] = new(LoginOptions, Subcommand: "registry"),
        ["twine"] = new(LoginOptions, Subcommand: "upload"), ["dotnet"] = new(LoginOptions, Subcommand: "nuget"),
        ["docker"] = new(LoginOptions, Subcommand: "login"), ["podman"] = new(LoginOptions, Subcommand: "login"), ["az"] = new(LoginOptions, Subcommand: "login"),
    };

    // A message without any of these holds nothing this pass reads (a flag, a statement, Redis's AUTH or ACL, an array
    // dump's arrow): one vectorized scan, so ordinary text pays little for the pass.
    private static readonly SearchValues<string> Cues = SearchValues.Create(
        [" -", "\"-", "'-", "identified", "password(", "password (", "set password", ".auth(", ".changeuserpassword(", "sp_addlogin", "sp_password", "auth ", "\"auth\"", "setuser", "=>"],
        StringComparison.OrdinalIgnoreCase);

    // A message without any of these holds no statement this pass reads.
    private static readonly SearchValues<string> StatementCues = SearchValues.Create(["identified", "password(", "password (", "set password", ".auth(", ".changeuserpassword(", "sp_addlogin", "sp_password"], StringComparison.OrdinalIgnoreCase);

    private const int MaxArguments = 48;

    /// <summary>Replaces secrets known by their place in a command line, a database statement, a Redis AUTH or a dumped array.</summary>
    private static string RedactCommandLines(string text)
    {
        var otherQuotedFlags = text.StartsWith('-') || text.AsSpan().ContainsAny(OtherQuotedFlagStarts);
        if (!otherQuotedFlags && !text.AsSpan().ContainsAny(Cues))
        {
            return text;
        }

        var flags = text.AsSpan().ContainsAny(FlagStarts);
        var statements = text.AsSpan().ContainsAny(StatementCues);
        var redisAuth = text.Contains("AUTH ", StringComparison.Ordinal) || text.Contains("\"auth\"", StringComparison.OrdinalIgnoreCase)
            || text.Contains("setuser", StringComparison.OrdinalIgnoreCase);
        var arrows = text.Contains("=>", StringComparison.Ordinal);
        if (!flags && !otherQuotedFlags && !statements && !redisAuth && !arrows)
        {
            return text;
        }

        var secrets = new List<(int Start, int End)>();
        if (flags)
        {
            AddProgramOptionSecrets(text, secrets);
        }

        if (flags || otherQuotedFlags)
        {
            AddQuotedPasswordFlagSecrets(text, secrets);
        }

        if (statements)
        {
            AddStatementSecrets(text, secrets);
        }

        if (redisAuth)
        {
            AddRedisAuthSecrets(text, secrets);
        }

        if (arrows)
        {
            AddArrowSecrets(text, secrets);
        }

        return WithRangesRedacted(text, secrets);
    }

    /// <summary>The text with each range replaced by the marker, overlapping and touching ranges as one.</summary>
    private static string WithRangesRedacted(string text, List<(int Start, int End)> ranges)
    {
        if (ranges.Count == 0)
        {
            return text;
        }

        ranges.Sort();
        var builder = TextBuilders.Rent(text.Length);
        var copied = 0;
        foreach (var (start, end) in ranges)
        {
            if (end <= copied || !HoldsAValue(text.AsSpan(start, end - start)))
            {
                continue;
            }

            if (start >= copied)
            {
                builder.Append(text, copied, start - copied).Append(Marker);
            }

            copied = end;
        }

        return TextBuilders.ToStringAndReturn(builder.Append(text, copied, text.Length - copied));
    }

    /// <summary>
    /// Finds each option flag (" -p", "\"-a"), looks back along its command (to the line's start, ';', '|' or '&amp;')
    /// for a program the table knows, and reads that program's arguments. Looking from the flags keeps ordinary text,
    /// which has few, cheap: a search for every program's name costs far more.
    /// </summary>
    private static void AddProgramOptionSecrets(string text, List<(int Start, int End)> secrets)
    {
        var lookup = SecretOptionsByProgram.GetAlternateLookup<ReadOnlySpan<char>>();
        var read = new HashSet<int>();
        for (var flag = text.AsSpan().IndexOfAny(FlagStarts); flag >= 0;)
        {
            if (ProgramBefore(text, flag, lookup) is { Options: not null } program && read.Add(program.Start))
            {
                AddOptionSecrets(text, ArgumentsAfter(text, program.Start, program.End), program.Options, secrets);
            }

            var next = flag + 1 < text.Length ? text.AsSpan(flag + 1).IndexOfAny(FlagStarts) : -1;
            flag = next < 0 ? -1 : flag + 1 + next;
        }
    }

    /// <summary>
    /// A password flag with a quoted value where no program of the table stands before it ('upstream said: -p "x"',
    /// "-p 'w1 w2 w3 w4'"): the quotes say a value was given to the flag, of any shape, a phrase too. The flag is "-p",
    /// "-P" or Windows' "/p:", at the text's start or after a space, a comma, a bracket or a JSON array's quote, glued to
    /// its value's quote or after spaces or '=' ('-p"x"', "-p='x'", '/p:"x"'); the quote is any of the key table's
    /// (GluedValueQuoteOpen: “x”, «x», `x`, ＂x＂). A program of the table reads its own flags (mysql's "-p" takes its
    /// password attached only, so 'mysql -p "shop"' names a database; grep's "-P" is a pattern). A number or a port
    /// mapping ('-p "8080:80"'), a path ('mkdir -p "/var/x"'), a variable ('-p "$PASS"'), an MSBuild property
    /// ('/p:"Configuration=Release"') and a placeholder stay.
    /// </summary>
    private static void AddQuotedPasswordFlagSecrets(string text, List<(int Start, int End)> secrets)
    {
        var lookup = SecretOptionsByProgram.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (Match match in QuotedPasswordFlag().Matches(text))
        {
            var value = match.Groups["secret"];
            if (ProgramBefore(text, match.Index, lookup).Options is not null || !IsQuotedFlagPassword(value.ValueSpan)
                || (match.ValueSpan.StartsWith("/p:", StringComparison.OrdinalIgnoreCase) && IsMsBuildProperty(value.ValueSpan)))
            {
                continue;
            }

            secrets.Add((value.Index, value.Index + value.Length));
        }

        // An argv dump gives the flag and its value as two elements ('["tool","-p","x"]', Python's "['tool', '-p', 'x']"):
        // the value element goes, judged as a quoted flag's value (a port, a path, a variable stay).
        if (text.Contains(',', StringComparison.Ordinal))
        {
            foreach (Match match in ArgvPasswordFlag().Matches(text))
            {
                var value = match.Groups["secret"];
                if (IsQuotedFlagPassword(value.ValueSpan) && ProgramBefore(text, match.Index, lookup).Options is null)
                {
                    secrets.Add((value.Index, value.Index + value.Length));
                }
            }
        }
    }

    // A password flag as an element of a JSON or Python list, and the next element.
    [GeneratedRegex(@"(?<q>[""'])(?:-[pP]|--password|--passwd|--pass|/p:)\k<q>[ \t]*,[ \t]*\k<q>(?<secret>[^\r\n""'`]{1,256}?)\k<q>", RegexOptions.CultureInvariant)]
    private static partial Regex ArgvPasswordFlag();

    // The flag after a start, a space, a comma, a bracket or a quote; its value in quotes of the key table, on one line.
    [GeneratedRegex(
        // Also after a ';', Windows' capital "/P:", a bracket glued to the flag ("-p(x)", "-p[x]", "-p{x}"), a shell's
        // ANSI-C quote ("-p $'x'") and a quote escaped inside a JSON string ('"tool -p \"x\""'); and unquoted after '='
        // ("-p=x"), one run, which IsQuotedFlagPassword judges as any flag's value (a port or a number stays).
        @"(?<![^\s,""'\[(;])(?:-[pP]|/[pP]:)(?:(?:[ \t]*=?[ \t]*)(?:\$(?=')|\\(?=""))?(?:" + GluedValueQuoteOpen + @"|[(\[{])"
        + @"(?<secret>[^\r\n""'`＂＇\p{Ps}\p{Pe}\p{Pi}\p{Pf}]{1,256}?)\\?" + ValueQuoteClose
        + @"|=(?<secret>[^\s""'`＂＇\p{Ps}\p{Pe}\p{Pi}\p{Pf}]{1,256})(?![^\s,;]))",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex QuotedPasswordFlag();

    // Where a quoted password flag may stand besides after a space or a JSON array's quote (FlagStarts): the text's
    // start (checked apart), after a comma or a bracket, or Windows' "/p:".
    private static readonly SearchValues<string> OtherQuotedFlagStarts = SearchValues.Create([",-p", "(-p", "[-p", ";-p", "/p:"], StringComparison.OrdinalIgnoreCase);

    // MSBuild's "/p:Name=Value" sets a property; a password flag's value does not start with a name and '='.
    private static bool IsMsBuildProperty(ReadOnlySpan<char> value)
    {
        var equals = value.IndexOf('=');
        return equals > 0 && char.IsAsciiLetter(value[0]) && !value[..equals].ContainsAnyExcept(MsBuildNameCharacters);
    }

    private static readonly SearchValues<char> MsBuildNameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    private static readonly SearchValues<char> PortMappingCharacters = SearchValues.Create("0123456789.:-");

    private static bool IsQuotedFlagPassword(ReadOnlySpan<char> value) =>
        HoldsAValue(value) && !IsPlaceholder(value) && value.ContainsAnyExcept(PortMappingCharacters)
        && value[0] is not ('/' or '~' or '.' or '$' or '%') && value.IndexOfAny('/', '\\') < 0;

    // What stands before an option's '-': a space, or the quote of a JSON array's string.
    private static readonly SearchValues<string> FlagStarts = SearchValues.Create([" -", "\"-", "'-"], StringComparison.Ordinal);

    // How far back from a flag its program may be: a command line's first words.
    private const int MaxCommandLookBack = 256;

    /// <summary>
    /// The last word before the flag, in its command, that names a program of the table (a path and ".exe" allowed),
    /// with its options: in "docker exec db mysql -pS" the flag is mysql's.
    /// </summary>
    private static (int Start, int End, ProgramOptions? Options) ProgramBefore(string text, int flag, Dictionary<string, ProgramOptions>.AlternateLookup<ReadOnlySpan<char>> lookup)
    {
        var from = Math.Max(0, flag - MaxCommandLookBack);
        var commandStart = text.AsSpan(from, flag - from).LastIndexOfAny(CommandBreaks);
        var position = commandStart < 0 ? from : from + commandStart + 1;
        (int Start, int End, ProgramOptions? Options) found = default;
        while (position < flag)
        {
            while (position < flag && WordBreaks.Contains(text[position]))
            {
                position++;
            }

            var end = position;
            while (end < flag && !WordBreaks.Contains(text[end]))
            {
                end++;
            }

            var word = text.AsSpan(position, end - position);
            var name = word[(word.LastIndexOfAny('/', '\\') + 1)..];
            if (name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^4];
            }

            if (!name.IsEmpty && lookup.TryGetValue(name, out var options))
            {
                found = (position, end, options);
            }

            position = end;
        }

        return found;
    }

    private static readonly SearchValues<char> CommandBreaks = SearchValues.Create("\n\r;|&");
    private static readonly SearchValues<char> WordBreaks = SearchValues.Create(" \t'\"`,[](){}");

    private static void AddOptionSecrets(string text, List<(int Start, int End)> arguments, ProgramOptions program, List<(int Start, int End)> secrets)
    {
        var first = 0;
        if (program.Subcommand is { } subcommand)
        {
            first = arguments.FindIndex(a => text.AsSpan(a.Start, a.End - a.Start).Equals(subcommand, StringComparison.OrdinalIgnoreCase)) + 1;
            if (first == 0)
            {
                return;
            }
        }

        for (var i = first; i < arguments.Count; i++)
        {
            var (start, end) = arguments[i];
            var argument = text.AsSpan(start, end - start);
            foreach (var option in program.Options)
            {
                if (option.Separate && (argument.Equals(option.Flag, StringComparison.Ordinal) || argument.Equals(option.Flag + "=", StringComparison.Ordinal)))
                {
                    if (i + 1 < arguments.Count && !IsOptionFlag(text.AsSpan(arguments[i + 1].Start, arguments[i + 1].End - arguments[i + 1].Start)))
                    {
                        AddValueSecret(text, arguments[i + 1].Start, arguments[i + 1].End, option.Value, secrets);
                        i++;
                    }

                    break;
                }

                var attachedAt = option.Attached && argument.Length > option.Flag.Length && argument.StartsWith(option.Flag, StringComparison.Ordinal)
                    ? start + option.Flag.Length
                    : option.Flag.StartsWith("--", StringComparison.Ordinal) && argument.StartsWith(option.Flag + "=", StringComparison.Ordinal)
                        ? start + option.Flag.Length + 1
                        : -1;
                if (attachedAt >= 0)
                {
                    AddValueSecret(text, attachedAt, end, option.Value, secrets);
                    break;
                }
            }
        }
    }

    // "-h", "--host": the option after a flag that prompts for its password (mongo -p --host db) is not that password.
    private static bool IsOptionFlag(ReadOnlySpan<char> argument) =>
        argument.Length >= 2 && argument[0] == '-' && (char.IsAsciiLetter(argument[1]) || (argument[1] == '-' && argument.Length > 2 && char.IsAsciiLetter(argument[2])));

    private static void AddValueSecret(string text, int start, int end, OptionValue value, List<(int Start, int End)> secrets)
    {
        // A quoted value attached to its flag (-p'secret'): the quotes are not the secret, what they hold is.
        if (end - start >= 2 && text[start] is '\'' or '"' && text[end - 1] == text[start])
        {
            start++;
            end--;
        }

        var span = text.AsSpan(start, end - start);
        var from = value switch
        {
            OptionValue.AfterColon => span.IndexOf(':') + 1,
            // Or after the ':' or '=' a password starting "3a" or "3D" made of smbclient's literal '%' when read as an escape.
            OptionValue.AfterPercent => (span.IndexOf('%') is >= 0 and var percent ? percent : span.IndexOfAny(':', '=')) + 1,
            OptionValue.AfterComma => span.IndexOf(',') + 1,
            OptionValue.AfterPassPrefix => span.StartsWith("pass:", StringComparison.OrdinalIgnoreCase) ? 5 : 0,
            _ => 0,
        };

        // Without its separator the value holds no secret: "curl -u user" prompts, "-passin env:VAR" names a variable;
        // a word ending in ':' is the message going on ("redis-cli -a failed: option requires an argument").
        if ((value != OptionValue.Whole && from == 0) || start + from >= end || IsPlaceholder(span[from..])
            || (span[^1] == ':' && IsPlainWord(span[from..^1])))
        {
            return;
        }

        secrets.Add((start + from, end));
    }

    private static bool IsPlaceholder(ReadOnlySpan<char> value) =>
        (value.Length >= 2 && value[0] == '<' && value[^1] == '>') || value.Trim('*').IsEmpty || value.SequenceEqual(Marker);

    /// <summary>
    /// The arguments after a program's name, as (start, end) of each: words of a shell line up to its end (a newline,
    /// ';', '|', '&amp;' or the quote the command itself was written in), or the strings of a JSON array
    /// (<c>["mysql","-pS"]</c>). A quoted shell word spans its quotes' content.
    /// </summary>
    private static List<(int Start, int End)> ArgumentsAfter(string text, int nameStart, int nameEnd)
    {
        var arguments = new List<(int Start, int End)>();
        var opening = nameStart > 0 && text[nameStart - 1] is '\'' or '"' or '`' ? text[nameStart - 1] : '\0';
        var position = nameEnd;
        if (opening != '\0' && position < text.Length && text[position] == opening)
        {
            // A JSON array of arguments: "mysql", "-h", "db"
            position++;
            while (arguments.Count < MaxArguments)
            {
                while (position < text.Length && (text[position] is ',' || char.IsWhiteSpace(text[position])))
                {
                    position++;
                }

                if (position >= text.Length || text[position] != opening)
                {
                    break;
                }

                var end = position + 1;
                while (end < text.Length && text[end] != opening)
                {
                    end += text[end] == '\\' ? 2 : 1;
                }

                end = Math.Min(end, text.Length);
                arguments.Add((position + 1, end));
                position = end + 1;
            }

            return arguments;
        }

        // A quoted path with spaces ("C:\Program Files\...\mysql.exe" -p...): the quote after the name closes it.
        if (opening == '\0' && position < text.Length && text[position] is '"' or '\'' && text.AsSpan(0, nameStart).LastIndexOf(text[position]) >= 0)
        {
            position++;
        }

        while (arguments.Count < MaxArguments)
        {
            while (position < text.Length && text[position] is ' ' or '\t')
            {
                position++;
            }

            if (position >= text.Length || text[position] is '\n' or '\r' or ';' or '|' or '&' || (opening != '\0' && text[position] == opening))
            {
                break;
            }

            int start = position, end;
            if (text[position] is '\'' or '"')
            {
                var close = text.IndexOf(text[position], position + 1);
                end = close < 0 ? text.Length : close + 1;
            }
            else
            {
                end = position;
                while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not (';' or '|' or '&') && (opening == '\0' || text[end] != opening))
                {
                    // A quote opened inside a word (-p'secret with spaces') closes it.
                    if (text[end] is '\'' or '"' && text[end] != opening)
                    {
                        var close = text.IndexOf(text[end], end + 1);
                        end = close < 0 ? text.Length : close + 1;
                        continue;
                    }

                    end++;
                }
            }

            arguments.Add((start, end));
            position = end;
        }

        return arguments;
    }

    // IDENTIFIED BY 'x' in any case; unquoted (Oracle's IDENTIFIED BY x) only as SQL writes it, in capitals, so prose
    // such as "the shop identified by shopee-th-1" keeps its id. PASSWORD('x'), and Mongo's db.auth("user", "x").
    [System.Text.RegularExpressions.GeneratedRegex(
        @"(?i:identified\s+(?:with\s+[\w-]+\s+)?(?:by|as)\s+(?:password\s+|values\s+)?)(?<q>['""`])(?<secret>[^'""`]+)\k<q>"
        + @"|IDENTIFIED\s+BY\s+(?!(?:PASSWORD|RANDOM|VALUES)\b)(?<secret>[^\s;,'""`()]+)"
        + @"|(?i:\bpassword\s*\(\s*)(?<q>['""])(?<secret>[^'""]+)\k<q>\s*\)"
        + @"|(?i:\bset\s+password\s+(?:for\s+\S+\s*)?=\s*)(?<q>['""])(?<secret>[^'""]+)\k<q>"
        + @"|(?i:\.(?:auth|changeUserPassword)\(\s*)(?<q>['""])(?:[^'""\\]|\\.)*\k<q>\s*,\s*(?<q2>['""])(?<secret>(?:[^'""\\]|\\.)+)\k<q2>"
        // SQL Server's sp_addlogin 'login', 'password' and sp_password 'old', 'new' (the old one may be NULL), N'' literals too.
        + @"|(?i:\bsp_addlogin\s+(?:@loginame\s*=\s*)?N?'[^']*'\s*,\s*(?:@passwd\s*=\s*)?)N?'(?<secret>[^']+)'"
        + @"|(?i:\bsp_password\s+(?:@old\s*=\s*)?)(?:NULL|N?'(?<secret>[^']*)')\s*,\s*(?i:@new\s*=\s*)?N?'(?<secret>[^']+)'",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.ExplicitCapture)]
    private static partial System.Text.RegularExpressions.Regex StatementSecret();

    private static void AddStatementSecrets(string text, List<(int Start, int End)> secrets)
    {
        foreach (System.Text.RegularExpressions.Match match in StatementSecret().Matches(text))
        {
            foreach (System.Text.RegularExpressions.Capture secret in match.Groups["secret"].Captures)
            {
                if (secret.Length > 0 && !IsPlaceholder(secret.ValueSpan))
                {
                    secrets.Add((secret.Index, secret.Index + secret.Length));
                }
            }
        }
    }

    // Redis's AUTH [user] password, echoed as written (in capitals); SASL mechanisms after AUTH are SMTP's, not passwords.
    [System.Text.RegularExpressions.GeneratedRegex(
        @"(?<![\w-])AUTH[ \t]+(?!(?:PLAIN|LOGIN|CRAM-MD5|DIGEST-MD5|XOAUTH2|OAUTHBEARER|NTLM|GSSAPI|EXTERNAL|ANONYMOUS|SCRAM-[\w-]+)(?![\w-]))(?<first>[^\s,()\[\]]+)(?:[ \t]+(?<second>[^\s,()\[\]]+))?",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.ExplicitCapture)]
    private static partial System.Text.RegularExpressions.Regex RedisAuth();

    // Redis's MONITOR and slow log quote every argument: "AUTH" "password", "auth" "user" "password".
    [System.Text.RegularExpressions.GeneratedRegex(@"""auth""\s+""(?<first>[^""]*)""(?:\s+""(?<second>[^""]*)"")?",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.ExplicitCapture)]
    private static partial System.Text.RegularExpressions.Regex QuotedRedisAuth();

    // ACL SETUSER's rules: ">password" adds a password, "#hash" its SHA-256.
    [System.Text.RegularExpressions.GeneratedRegex(@"\bACL\s+SETUSER\s+\S+(?:\s+(?:[>#](?<secret>[^\s""']+)|[^\s>#]\S*))+",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.ExplicitCapture)]
    private static partial System.Text.RegularExpressions.Regex RedisAclPassword();

    private static void AddRedisAuthSecrets(string text, List<(int Start, int End)> secrets)
    {
        foreach (System.Text.RegularExpressions.Match match in QuotedRedisAuth().Matches(text))
        {
            var secret = match.Groups["second"].Success ? match.Groups["second"] : match.Groups["first"];
            if (secret.Length > 0)
            {
                secrets.Add((secret.Index, secret.Index + secret.Length));
            }
        }

        foreach (System.Text.RegularExpressions.Match match in RedisAclPassword().Matches(text))
        {
            foreach (System.Text.RegularExpressions.Capture secret in match.Groups["secret"].Captures)
            {
                secrets.Add((secret.Index, secret.Index + secret.Length));
            }
        }

        foreach (System.Text.RegularExpressions.Match match in RedisAuth().Matches(text))
        {
            var first = match.Groups["first"];
            var second = match.Groups["second"];

            // AUTH user password: the second word, when the first reads as a user name and the second is no word of prose.
            var secret = second.Success && IsPlainWordOrHyphenated(first.ValueSpan) && !IsPlainWord(second.ValueSpan) ? second : first;
            // "AUTH OK", "AUTH FAILED:": a status in capitals, as servers and clients log it.
            var value = secret.ValueSpan.TrimEnd(':');
            var isStatus = value.Length <= 12 && !value.ContainsAnyExceptInRange('A', 'Z');
            if (!isStatus && !IsPlaceholder(secret.ValueSpan) && !IsPlainWord(secret.ValueSpan))
            {
                secrets.Add((secret.Index, secret.Index + secret.Length));
            }
        }
    }

    /// <summary>
    /// A secret key's value in an array dump: PHP's print_r (<c>[password] => x [host] => db</c>) and var_dump
    /// (<c>["password"]=> string(8) "x"</c>), Perl and Ruby hashes (<c>"password" => "x"</c>, <c>:password => "x"</c>).
    /// </summary>
    private static void AddArrowSecrets(string text, List<(int Start, int End)> secrets)
    {
        for (var arrow = text.IndexOf("=>", StringComparison.Ordinal); arrow >= 0; arrow = text.IndexOf("=>", arrow + 2, StringComparison.Ordinal))
        {
            // token_type names a kind of token (OAuth's "bearer"), as in JSON, where the first pass keeps it.
            if (ArrowKey(text, arrow) is not { } key || !IsSecretKey(key) || key.Equals("token_type", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var start = arrow + 2;
            while (start < text.Length && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            // var_dump writes the value's type and length first: string(8) "x".
            if (text.AsSpan(start).StartsWith("string(", StringComparison.Ordinal) && text.IndexOf(')', start) is var typeEnd and > 0)
            {
                start = typeEnd + 1;
                while (start < text.Length && text[start] == ' ')
                {
                    start++;
                }
            }

            int end;
            if (start < text.Length && text[start] is '\'' or '"')
            {
                var close = text.IndexOf(text[start], start + 1);
                (start, end) = (start + 1, close < 0 ? text.Length : close);
            }
            else
            {
                // print_r's values are unquoted and end at the next "[key]", the array's ')' or the line's end.
                end = start;
                while (end < text.Length && text[end] is not ('\n' or '\r' or ',' or '}') && !(char.IsWhiteSpace(text[end]) && NextNonSpace(text, end) is '[' or ')' or '\0'))
                {
                    end++;
                }
            }

            if (end > start && !IsPlaceholder(text.AsSpan(start, end - start)))
            {
                secrets.Add((start, end));
            }
        }
    }

    private static char NextNonSpace(string text, int from)
    {
        while (from < text.Length && char.IsWhiteSpace(text[from]))
        {
            from++;
        }

        return from < text.Length ? text[from] : '\0';
    }

    /// <summary>The key before "=>": in brackets (<c>[password]</c>, <c>["password"]</c>), in quotes, or a Ruby symbol (<c>:password</c>).</summary>
    private static string? ArrowKey(string text, int arrow)
    {
        var end = arrow;
        while (end > 0 && text[end - 1] is ' ' or '\t')
        {
            end--;
        }

        if (end == 0)
        {
            return null;
        }

        var close = text[end - 1];
        var open = close switch { ']' => '[', '"' => '"', '\'' => '\'', _ => '\0' };
        if (open != '\0')
        {
            var start = text.LastIndexOf(open, end - 2 < 0 ? 0 : end - 2);
            return start < 0 || end - start > 64 ? null : text.AsSpan(start + 1, end - start - 2).Trim("\"' ").ToString();
        }

        var word = end;
        while (word > 0 && (char.IsAsciiLetterOrDigit(text[word - 1]) || text[word - 1] == '_'))
        {
            word--;
        }

        return word > 0 && text[word - 1] == ':' && end - word is > 0 and <= 48 ? text[word..end] : null;
    }
}
