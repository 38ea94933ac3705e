using System.Globalization;

namespace ConvLens.Visualize.Maximize;

/// <summary>The text syntax of <see cref="Objective.Parse"/>: one table of term forms that both parses and documents them.</summary>
internal static class ObjectiveParser
{
    public const string Grammar = "terms joined by + or -, each optionally weighted W*term (e.g. channel:stage3:12 - 0.05*tv)";

    // Tried in order: LAYER:C comes last because it would also read class:281 or layer:12.
    private static readonly TermForm[] Table =
    [
        new(new("channel:LAYER:C", "mean activation of channel C of LAYER"),
            p => Is(p, "channel", 3), (p, t) => Objectives.Channel(p[1], Int(p[2], t))),
        new(new("neuron:LAYER:C[:X:Y]", "channel C of LAYER at one position (the centre by default)"),
            p => Is(p, "neuron", 3) || Is(p, "neuron", 5),
            (p, t) => p.Length == 5 ? Objectives.Neuron(p[1], Int(p[2], t), Int(p[3], t), Int(p[4], t)) : Objectives.Neuron(p[1], Int(p[2], t))),
        new(new("layer:LAYER", "mean of squared activations of LAYER (DeepDream)"),
            p => Is(p, "layer", 2), (p, _) => Objectives.Layer(p[1])),
        new(new("class:K", "output K of the model (a class logit, or an embedding component)"),
            p => Is(p, "class", 2), (p, t) => Objectives.ClassLogit(Int(p[1], t))),
        new(new("diversity:LAYER", "how different the images of a batch are at LAYER (Gram matrices)"),
            p => Is(p, "diversity", 2), (p, _) => Objectives.Diversity(p[1])),
        new(new("l1", "penalty: mean absolute deviation of the image from grey"), p => Is(p, "l1", 1), (_, _) => Objectives.L1()),
        new(new("l2", "penalty: mean squared deviation of the image from grey"), p => Is(p, "l2", 1), (_, _) => Objectives.L2()),
        new(new("tv", "penalty: total variation (differences of neighbouring pixels)"), p => Is(p, "tv", 1), (_, _) => Objectives.TotalVariation()),
        new(new("blur", "penalty: distance of the image to a blurred copy"), p => Is(p, "blur", 1), (_, _) => Objectives.Blur()),
        new(new("LAYER:C", "short for channel:LAYER:C"),
            p => p.Length == 2 && int.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out _),
            (p, t) => Objectives.Channel(p[0], Int(p[1], t))),
    ];

    public static IReadOnlyList<SyntaxForm> Terms { get; } = [.. Table.Select(f => f.Form)];

    private static string Syntax { get; } = $"{Grammar}; a term is {string.Join(", ", Terms.SkipLast(1).Select(f => f.Syntax))} or {Terms[^1].Syntax}";

    public static Objective Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        Objective? total = null;
        foreach (var (sign, term) in SplitTerms(text))
        {
            var weighted = ParseWeighted(term, text);
            var signed = sign < 0 ? -weighted : weighted;
            total = total is null ? signed : (sign < 0 ? total - weighted : total + weighted);
        }

        return total ?? throw Error(text, "empty objective");
    }

    private static IEnumerable<(int Sign, string Term)> SplitTerms(string text)
    {
        // '+' and '-' separate terms only when surrounded by spaces or leading, so layer names with '-' survive.
        var tokens = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var sign = 1;
        var first = true;
        foreach (var token in tokens)
        {
            if (token is "+" or "-")
            {
                sign = token == "-" ? -1 : 1;
                continue;
            }

            if (first && token.StartsWith('-') && token.Length > 1)
            {
                yield return (-1, token[1..]);
            }
            else
            {
                yield return (sign, token);
            }

            first = false;
            sign = 1;
        }
    }

    private static Objective ParseWeighted(string term, string text)
    {
        var star = term.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return ParseTerm(term, text);
        }

        if (!double.TryParse(term[..star], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight))
        {
            throw Error(text, $"'{term[..star]}' is not a number");
        }

        return weight * ParseTerm(term[(star + 1)..], text);
    }

    private static Objective ParseTerm(string term, string text)
    {
        var parts = term.Split(':');
        var form = Table.FirstOrDefault(f => f.Matches(parts)) ?? throw Error(text, $"cannot read '{term}'");
        return form.Build(parts, text);
    }

    private static bool Is(string[] parts, string keyword, int count) =>
        parts.Length == count && parts[0].Equals(keyword, StringComparison.OrdinalIgnoreCase);

    private static int Int(string s, string text) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw Error(text, $"'{s}' is not a non-negative integer");

    private static ConvLensException Error(string text, string problem) =>
        new($"invalid objective '{text}': {problem}; expected {Syntax}");

    private sealed record TermForm(SyntaxForm Form, Func<string[], bool> Matches, Func<string[], string, Objective> Build);
}
