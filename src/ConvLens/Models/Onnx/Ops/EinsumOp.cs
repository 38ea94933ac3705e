using static TorchSharp.torch;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>
/// Einsum (opset 12): libtorch's einsum, which covers what ONNX allows (contractions, transposes, sums, diagonals,
/// ellipsis, implicit output) and has a backward. The equation is parsed here first, at load for its syntax and at
/// run time against the operand shapes, so that a bad equation fails naming itself rather than inside libtorch
/// (docs/contributing/onnx-import-pitfalls.md §6.3).
/// </summary>
internal sealed class EinsumOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var raw = ctx.Attributes.String("equation", "");
        var equation = EinsumEquation.Parse(raw, ctx.InputCount, message => ctx.Error($"attribute 'equation' \"{raw}\": {message}"));
        return inputs =>
        {
            var operands = inputs.Select(t => t!).ToArray();
            equation.Check(operands);
            return OpUtil.One(einsum(equation.Canonical, operands));
        };
    }
}

/// <summary>
/// A parsed einsum equation: one term per operand (letters and at most one "..."), and the output term, explicit
/// after "->" or implicit (the letters used once, in alphabetical order, after the ellipsis).
/// </summary>
internal sealed class EinsumEquation
{
    private const string Ellipsis = "...";

    private readonly string _text;
    private readonly string[] _terms;

    private EinsumEquation(string text, string[] terms, string canonical)
    {
        _text = text;
        _terms = terms;
        Canonical = canonical;
    }

    /// <summary>The equation without spaces (torch exports write "b i d, b j d -> b i j"), as given to libtorch.</summary>
    public string Canonical { get; }

    /// <summary>Parses and validates the syntax; <paramref name="error"/> builds the exception for a bad equation.</summary>
    public static EinsumEquation Parse(string text, int operandCount, Func<string, Exception> error)
    {
        var compact = new string([.. text.Where(c => !char.IsWhiteSpace(c))]);
        if (compact.Length == 0)
        {
            throw error("the equation is required and must not be empty");
        }

        var arrow = compact.IndexOf("->", StringComparison.Ordinal);
        var left = arrow < 0 ? compact : compact[..arrow];
        var output = arrow < 0 ? null : compact[(arrow + 2)..];
        if (output is not null && output.Contains("->", StringComparison.Ordinal))
        {
            throw error("more than one '->'");
        }

        var terms = left.Split(',');
        if (terms.Length != operandCount)
        {
            throw error($"{terms.Length} input terms for {operandCount} inputs");
        }

        foreach (var term in output is null ? terms : [.. terms, output])
        {
            CheckTerm(term, error);
        }

        if (output is not null)
        {
            var inputLetters = string.Concat(terms);
            foreach (var c in Letters(output))
            {
                if (!inputLetters.Contains(c, StringComparison.Ordinal))
                {
                    throw error($"output subscript '{c}' appears in no input term");
                }

                if (Letters(output).Count(o => o == c) > 1)
                {
                    throw error($"output subscript '{c}' appears more than once");
                }
            }

            if (output.Contains(Ellipsis, StringComparison.Ordinal) && !terms.Any(t => t.Contains(Ellipsis, StringComparison.Ordinal)))
            {
                throw error("the output has '...' but no input term does");
            }
        }

        return new EinsumEquation(text, terms, compact);
    }

    /// <summary>Checks each operand's rank against its term and that every subscript has one size (or 1, which broadcasts).</summary>
    public void Check(Tensor[] operands)
    {
        var sizes = new Dictionary<char, long>();
        for (var i = 0; i < operands.Length; i++)
        {
            var term = _terms[i];
            var letters = Letters(term).ToArray();
            var rank = operands[i].dim();
            var hasEllipsis = term.Contains(Ellipsis, StringComparison.Ordinal);
            if (hasEllipsis ? rank < letters.Length : rank != letters.Length)
            {
                throw new ArgumentException(
                    $"einsum \"{_text}\": term '{term}' has {letters.Length} subscripts{(hasEllipsis ? " and '...'" : "")} but input {i} is [{string.Join(",", operands[i].shape)}]");
            }

            // Letters before the ellipsis map to the leading dims, letters after it to the trailing ones.
            var before = hasEllipsis ? Letters(term[..term.IndexOf(Ellipsis, StringComparison.Ordinal)]).Count() : letters.Length;
            for (var j = 0; j < letters.Length; j++)
            {
                var dim = j < before ? j : rank - (letters.Length - j);
                var size = operands[i].shape[dim];
                if (sizes.TryGetValue(letters[j], out var seen) && seen != size && seen != 1 && size != 1)
                {
                    throw new ArgumentException(
                        $"einsum \"{_text}\": subscript '{letters[j]}' is {seen} in one place and {size} in input {i} [{string.Join(",", operands[i].shape)}]");
                }

                sizes[letters[j]] = seen == 0 || seen == 1 ? size : seen;
            }
        }
    }

    private static IEnumerable<char> Letters(string term) => term.Where(char.IsAsciiLetter);

    private static void CheckTerm(string term, Func<string, Exception> error)
    {
        var rest = term;
        var at = rest.IndexOf(Ellipsis, StringComparison.Ordinal);
        if (at >= 0)
        {
            rest = rest.Remove(at, Ellipsis.Length);
            if (rest.Contains('.', StringComparison.Ordinal))
            {
                throw error($"term '{term}' has more than one '...' or a stray '.'");
            }
        }

        foreach (var c in rest)
        {
            if (!char.IsAsciiLetter(c))
            {
                throw error($"term '{term}' has '{c}'; subscripts are the letters a-z and A-Z, with at most one '...'");
            }
        }
    }
}
