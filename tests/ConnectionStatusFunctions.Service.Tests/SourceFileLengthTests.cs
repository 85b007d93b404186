using ConnectionStatusFunctions.Testing;
using System.Text.RegularExpressions;

namespace ConnectionStatusFunctions.Service.Tests;

/// <summary>
/// A file over 300 lines is one a reader has to hold in their head: it says at its top why it is long
/// ("Long because ...", "Over 300 lines because ...", "Longer than 300 lines on purpose: ..."), so a
/// file that grew by accident is split instead.
/// </summary>
public sealed partial class SourceFileLengthTests
{
    private const int MaxLinesWithoutAReason = 300;
    private const int ReasonWithinLines = 40;

    [Fact]
    public void EveryFileOver300LinesSaysAtItsTopWhyItIsLong()
    {
        var unexplained = new[] { "src", "tests", "bench" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, folder), "*.*", SearchOption.AllDirectories))
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".js", StringComparison.Ordinal))
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"))
            .Select(path => (Path: Path.GetRelativePath(RepositoryPaths.Root, path), Lines: File.ReadAllLines(path)))
            .Where(file => file.Lines.Length > MaxLinesWithoutAReason && !file.Lines.Take(ReasonWithinLines).Any(line => Reason().IsMatch(line)))
            .Select(file => $"{file.Path} ({file.Lines.Length} lines)")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(unexplained.Count == 0, "Over 300 lines without saying why at the top: " + string.Join(", ", unexplained));
    }

    [Fact]
    public void TheReasonIsASentenceNotTheWordLongAlone()
    {
        Assert.Matches(Reason(), "// Long because each rule is a small function.");
        Assert.Matches(Reason(), "/// Longer than 300 lines on purpose: the rules share one state.");
        Assert.DoesNotMatch(Reason(), "// A long-lived lease.");
        Assert.DoesNotMatch(Reason(), "// Long.");
    }

    [GeneratedRegex(@"\b(Long because|Over 300 lines because|Longer than 300 lines (on purpose|because))\b")]
    private static partial Regex Reason();
}
