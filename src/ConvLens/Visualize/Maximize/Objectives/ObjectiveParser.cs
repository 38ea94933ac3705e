using System.Globalization;

namespace ConvLens.Visualize.Maximize;

/// <summary>The command-line syntax of <see cref="Objective.Parse"/>.</summary>
internal static class ObjectiveParser
{
    private const string Syntax =
        "terms joined by + or -, each optionally weighted W*term; a term is channel:LAYER:C, LAYER:C, neuron:LAYER:C[:X:Y], layer:LAYER, class:K, diversity:LAYER, l1, l2, tv or blur";

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
        var kind = parts[0].ToLowerInvariant();
        switch (kind)
        {
            case "l1" when parts.Length == 1: return Objectives.L1();
            case "l2" when parts.Length == 1: return Objectives.L2();
            case "tv" when parts.Length == 1: return Objectives.TotalVariation();
            case "blur" when parts.Length == 1: return Objectives.Blur();
            case "layer" when parts.Length == 2: return Objectives.Layer(parts[1]);
            case "diversity" when parts.Length == 2: return Objectives.Diversity(parts[1]);
            case "class" when parts.Length == 2: return Objectives.ClassLogit(Int(parts[1], text));
            case "channel" when parts.Length == 3: return Objectives.Channel(parts[1], Int(parts[2], text));
            case "neuron" when parts.Length == 3: return Objectives.Neuron(parts[1], Int(parts[2], text));
            case "neuron" when parts.Length == 5:
                return Objectives.Neuron(parts[1], Int(parts[2], text), Int(parts[3], text), Int(parts[4], text));
            default:
                if (parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var channel))
                {
                    return Objectives.Channel(parts[0], channel);
                }

                throw Error(text, $"cannot read '{term}'");
        }
    }

    private static int Int(string s, string text) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw Error(text, $"'{s}' is not a non-negative integer");

    private static ConvLensException Error(string text, string problem) =>
        new($"invalid objective '{text}': {problem}; expected {Syntax}");
}
