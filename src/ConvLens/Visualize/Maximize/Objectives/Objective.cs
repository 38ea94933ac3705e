using System.Globalization;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Maximize;

/// <summary>
/// An immutable, composable quantity to maximize: one value per image of the batch (<c>[N]</c>), a description
/// for labels and manifests, and the layers it reads.
/// </summary>
/// <remarks>
/// Convention: objectives are maximized; <see cref="Maximizer"/> alone negates. Penalties
/// (<see cref="Objectives.L1"/>, <see cref="Objectives.TotalVariation"/>, ...) are positive magnitudes, so they are
/// subtracted: <c>Objectives.Channel("stage3", 12) - 0.05 * Objectives.TotalVariation()</c>. The lucid/lucent split.
/// </remarks>
public sealed class Objective
{
    private readonly Func<ObjectiveContext, Tensor> _evaluate;

    /// <summary>Creates an objective from a function of the context returning <c>[N]</c> (or a scalar, broadcast).</summary>
    /// <param name="evaluate">The function; it must stay in tensors and keep the autograd graph.</param>
    /// <param name="description">A short label, e.g. "channel stage3:12".</param>
    /// <param name="layers">Layers (canonical names or aliases) the function reads through <see cref="ObjectiveContext.Activation"/>.</param>
    /// <param name="needsOutput">True when the function reads <see cref="ObjectiveContext.Output"/>.</param>
    public Objective(Func<ObjectiveContext, Tensor> evaluate, string description, IEnumerable<string>? layers = null, bool needsOutput = false)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        _evaluate = evaluate;
        Description = description;
        Layers = [.. (layers ?? []).Distinct(StringComparer.Ordinal)];
        NeedsOutput = needsOutput;
    }

    /// <summary>A short human-readable label; used in reports, grids and manifests.</summary>
    public string Description { get; }

    /// <summary>Layers the objective reads (names as given; the model resolves aliases).</summary>
    public IReadOnlyList<string> Layers { get; }

    /// <summary>True when the objective needs the model output (e.g. a class logit).</summary>
    public bool NeedsOutput { get; }

    /// <summary>Evaluates the objective: one value per image, <c>[N]</c>, in the autograd graph.</summary>
    public Tensor Evaluate(ObjectiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = _evaluate(context);
        return value.dim() switch
        {
            0 => value.expand(context.BatchSize),
            1 when value.shape[0] == context.BatchSize => value,
            _ => throw new ConvLensException($"objective '{Description}' returned shape [{string.Join(",", value.shape)}]; expected [{context.BatchSize}] (one value per image)"),
        };
    }

    /// <inheritdoc/>
    public override string ToString() => Description;

    /// <summary>Adds two objectives.</summary>
    public static Objective operator +(Objective a, Objective b) => Combine(a, b, (x, y) => x + y, "+");

    /// <summary>Subtracts an objective (typically a penalty).</summary>
    public static Objective operator -(Objective a, Objective b) => Combine(a, b, (x, y) => x - y, "-");

    /// <summary>Multiplies two objectives image by image.</summary>
    public static Objective operator *(Objective a, Objective b) => Combine(a, b, (x, y) => x * y, "*");

    /// <summary>Divides two objectives image by image.</summary>
    public static Objective operator /(Objective a, Objective b) => Combine(a, b, (x, y) => x / y, "/");

    /// <summary>Adds a constant.</summary>
    public static Objective operator +(Objective a, double k) => Scalar(a, k, (x, c) => x + c, $"{Label(a)} + {Num(k)}");

    /// <summary>Adds a constant.</summary>
    public static Objective operator +(double k, Objective a) => a + k;

    /// <summary>Subtracts a constant.</summary>
    public static Objective operator -(Objective a, double k) => Scalar(a, k, (x, c) => x - c, $"{Label(a)} - {Num(k)}");

    /// <summary>Subtracts the objective from a constant.</summary>
    public static Objective operator -(double k, Objective a) => Scalar(a, k, (x, c) => c - x, $"{Num(k)} - {Label(a)}");

    /// <summary>Scales by a constant (the usual way to weight a term).</summary>
    public static Objective operator *(Objective a, double k) => Scalar(a, k, (x, c) => x * c, $"{Num(k)} * {Label(a)}");

    /// <summary>Scales by a constant.</summary>
    public static Objective operator *(double k, Objective a) => a * k;

    /// <summary>Divides by a constant.</summary>
    public static Objective operator /(Objective a, double k) => Scalar(a, k, (x, c) => x / c, $"{Label(a)} / {Num(k)}");

    /// <summary>Negates (maximizing <c>-a</c> minimizes <c>a</c>).</summary>
    public static Objective operator -(Objective a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(c => -a.Evaluate(c), $"-{Label(a)}", a.Layers, a.NeedsOutput);
    }

    /// <summary>Named alternative to <c>+</c>.</summary>
    public static Objective Add(Objective left, Objective right) => left + right;

    /// <summary>Named alternative to <c>-</c>.</summary>
    public static Objective Subtract(Objective left, Objective right) => left - right;

    /// <summary>Named alternative to <c>*</c>.</summary>
    public static Objective Multiply(Objective left, Objective right) => left * right;

    /// <summary>Named alternative to <c>/</c>.</summary>
    public static Objective Divide(Objective left, Objective right) => left / right;

    /// <summary>Named alternative to unary <c>-</c>.</summary>
    public static Objective Negate(Objective item) => -item;

    /// <summary>The sum of many objectives.</summary>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    public static Objective Sum(params IEnumerable<Objective> objectives)
    {
        ArgumentNullException.ThrowIfNull(objectives);
        var list = objectives.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("at least one objective is needed", nameof(objectives));
        }

        return list.Length == 1
            ? list[0]
            : new(
                c =>
                {
                    var total = list[0].Evaluate(c);
                    for (var i = 1; i < list.Length; i++)
                    {
                        total = total + list[i].Evaluate(c);
                    }

                    return total;
                },
                string.Join(" + ", list.Select(Label)),
                list.SelectMany(o => o.Layers),
                list.Any(o => o.NeedsOutput));
    }

    /// <summary>How the terms of <see cref="Parse"/> combine, in one line for help texts.</summary>
    public const string Grammar = ObjectiveParser.Grammar;

    /// <summary>The forms a term of <see cref="Parse"/> takes, in the order they are tried, for help texts.</summary>
    public static IReadOnlyList<SyntaxForm> TermForms => ObjectiveParser.Terms;

    /// <summary>
    /// Parses the text syntax: terms joined by <c>+</c> or <c>-</c>, each optionally weighted <c>W*term</c>, a term in
    /// one of the <see cref="TermForms"/> (<c>channel:LAYER:C</c>, <c>layer:LAYER</c>, <c>tv</c>, ...); a leading
    /// <c>-</c> subtracts.
    /// </summary>
    /// <example><c>Objective.Parse("channel:stage3:12 - 0.05*tv")</c></example>
    /// <exception cref="ConvLensException">The text does not follow the syntax; the message shows what is accepted.</exception>
    public static Objective Parse(string text) => ObjectiveParser.Parse(text);

    private static Objective Combine(Objective a, Objective b, Func<Tensor, Tensor, Tensor> op, string symbol)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new(
            c => op(a.Evaluate(c), b.Evaluate(c)),
            $"{Label(a)} {symbol} {Label(b)}",
            a.Layers.Concat(b.Layers),
            a.NeedsOutput || b.NeedsOutput);
    }

    private static Objective Scalar(Objective a, double k, Func<Tensor, double, Tensor> op, string description)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(c => op(a.Evaluate(c), k), description, a.Layers, a.NeedsOutput);
    }

    // Compound descriptions get parentheses so "2 * (a + b)" reads unambiguously.
    private static string Label(Objective o) =>
        o.Description.Contains(" + ", StringComparison.Ordinal) || o.Description.Contains(" - ", StringComparison.Ordinal)
            ? $"({o.Description})"
            : o.Description;

    private static string Num(double k) => k.ToString("0.####", CultureInfo.InvariantCulture);
}
