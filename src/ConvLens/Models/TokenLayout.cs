using System.Globalization;
using static TorchSharp.torch;

namespace ConvLens.Models;

/// <summary>How a layer's output holds its channels and positions.</summary>
public enum LayerLayoutKind
{
    /// <summary>Infer from the shape and the input size.</summary>
    Auto,

    /// <summary>[N,C,H,W], as convolutions write.</summary>
    Nchw,

    /// <summary>[N,H,W,C], as Swin and ConvNeXt blocks write.</summary>
    Nhwc,

    /// <summary>[N,K+H*W,C]: K leading extra tokens (a class token), then the patch grid row by row (ViT).</summary>
    Tokens,
}

/// <summary>
/// The reshape rule that turns a layer's output into an [N,C,H,W] view: convolution maps as they are, Swin's
/// [N,H,W,C] permuted, and ViT's [N,1+H*W,C] tokens with the class token dropped and the patches laid on their grid.
/// </summary>
/// <remarks>
/// A layout may be partial (what the user said: <c>--layout nhwc</c>, <c>--tokens 14x14</c>) and is completed
/// against a layer's shape by <see cref="Resolve"/>. The grid of a token layer is inferred from the token count and
/// the input's aspect ratio: for 197 tokens on a 224x224 input, one leading token and 14x14 patches.
/// </remarks>
/// <param name="Kind">The layout, or <see cref="LayerLayoutKind.Auto"/>.</param>
/// <param name="Rows">Grid rows H, or null to infer.</param>
/// <param name="Columns">Grid columns W, or null to infer.</param>
/// <param name="Skip">Leading tokens that are not patches (1 for ViT's class token), or null to infer.</param>
public sealed record TokenLayout(LayerLayoutKind Kind, int? Rows = null, int? Columns = null, int? Skip = null)
{
    // Leading extra tokens tried when inferring (ViT's class token; DeiT's class + distillation tokens). Trying more
    // would read the [N,C,T] layers before a transpose as tokens (e.g. C = 11 = 2 + 3x3); registers need an explicit skip.
    private const int MaxInferredSkip = 2;

    // How far the grid's aspect may differ from the input's (log ratio): 224x225 inputs still give 14x14.
    private static readonly double s_aspectTolerance = Math.Log(1.2);

    /// <summary>Infer everything from the shape.</summary>
    public static TokenLayout Auto { get; } = new(LayerLayoutKind.Auto);

    /// <summary>The forms <see cref="Parse"/> accepts, for help and errors.</summary>
    public const string Syntax = "nchw, nhwc, tokens, or HxW[:skip=K] (tokens on an H x W grid after K leading tokens, e.g. 14x14:skip=1)";

    /// <summary>True for a layout that reorders the layer (not plain [N,C,H,W]).</summary>
    public bool IsTokenLike => Kind is LayerLayoutKind.Nhwc or LayerLayoutKind.Tokens;

    /// <summary>Parses <c>--layout</c> / <c>--tokens</c> text (<see cref="Syntax"/>).</summary>
    /// <exception cref="ConvLensException">Text in no accepted form.</exception>
    public static TokenLayout Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        switch (t)
        {
            case "auto": return Auto;
            case "nchw": return new(LayerLayoutKind.Nchw);
            case "nhwc": return new(LayerLayoutKind.Nhwc);
            case "tokens": return new(LayerLayoutKind.Tokens);
        }

        var parts = t.Split(':');
        var grid = parts[0].Split('x');
        int? skip = null;
        if (grid.Length == 2 && TryPositive(grid[0], out var rows) && TryPositive(grid[1], out var columns)
            && (parts.Length == 1 || (parts.Length == 2 && parts[1].StartsWith("skip=", StringComparison.Ordinal)
                && int.TryParse(parts[1]["skip=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var k) && (skip = k) >= 0)))
        {
            return new(LayerLayoutKind.Tokens, rows, columns, skip);
        }

        throw new ConvLensException($"bad layout '{text}': use {Syntax}");
    }

    /// <summary>Completes this layout for a layer of shape <paramref name="shape"/> on an input of <paramref name="height"/> x <paramref name="width"/>.</summary>
    /// <param name="shape">The layer's output shape, batch first.</param>
    /// <param name="height">Input height in pixels (gives the grid's aspect).</param>
    /// <param name="width">Input width in pixels.</param>
    /// <param name="layer">The layer's display name, for errors.</param>
    /// <returns>A layout with every field set, or null when the shape has no positions at all ([N,C]).</returns>
    /// <exception cref="ConvLensException">The shape does not fit the layout (e.g. a token count that fits no grid).</exception>
    public TokenLayout? Resolve(IReadOnlyList<long> shape, int height, int width, string layer)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count == 2 && Kind == LayerLayoutKind.Auto)
        {
            return null;
        }

        return Kind switch
        {
            LayerLayoutKind.Auto when shape.Count == 4 => Infer4D(shape, height, width),
            LayerLayoutKind.Auto when shape.Count == 3 && shape[1] == shape[2] =>
                throw Mismatch(shape, height, width, layer, "[N,T,T] is read as an attention matrix, not as tokens"),
            LayerLayoutKind.Auto when shape.Count == 3 => ResolveTokens(shape, height, width, layer),
            LayerLayoutKind.Nchw when shape.Count == 4 => new(LayerLayoutKind.Nchw, (int)shape[2], (int)shape[3], 0),
            LayerLayoutKind.Nhwc when shape.Count == 4 => new(LayerLayoutKind.Nhwc, (int)shape[1], (int)shape[2], 0),
            LayerLayoutKind.Tokens when shape.Count == 3 => ResolveTokens(shape, height, width, layer),
            _ => throw Mismatch(shape, height, width, layer, Kind == LayerLayoutKind.Auto ? "it is neither 3-D nor 4-D" : $"it does not fit layout {Describe()}"),
        };
    }

    /// <summary>The resolved layout of a layer, or a clear error when it has no grid of positions.</summary>
    /// <exception cref="ConvLensException">The layer is [N,C] or its tokens fit no grid.</exception>
    public TokenLayout Require(IReadOnlyList<long> shape, int height, int width, string layer) =>
        Resolve(shape, height, width, layer) ?? throw Mismatch(shape, height, width, layer, "it has no positions");

    /// <summary>Channels C of a layer with this (resolved) layout and shape.</summary>
    public long Channels(IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Kind == LayerLayoutKind.Nchw ? shape[1] : shape[^1];
    }

    /// <summary>The [N,C,H,W] view of <paramref name="x"/> (differentiable; a reordered copy for token layouts).</summary>
    /// <param name="x">The layer output in this resolved layout.</param>
    public Tensor ToGrid(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Kind switch
        {
            LayerLayoutKind.Nchw => x.alias(),
            LayerLayoutKind.Nhwc => x.permute(0, 3, 1, 2),
            LayerLayoutKind.Tokens => x.narrow(1, Skip!.Value, (long)Rows!.Value * Columns!.Value)
                .transpose(1, 2).reshape(x.shape[0], x.shape[2], Rows.Value, Columns.Value),
            _ => throw new InvalidOperationException("resolve the layout before reshaping"),
        };
    }

    /// <summary>Per-channel factors [M,C] shaped to broadcast against the layer in this layout ([M,C,1,1], [M,1,1,C] or [M,1,C]).</summary>
    public Tensor BroadcastChannels(Tensor perChannel)
    {
        ArgumentNullException.ThrowIfNull(perChannel);
        var (m, c) = (perChannel.shape[0], perChannel.shape[1]);
        return Kind switch
        {
            LayerLayoutKind.Nhwc => perChannel.view(m, 1, 1, c),
            LayerLayoutKind.Tokens => perChannel.view(m, 1, c),
            _ => perChannel.view(m, c, 1, 1),
        };
    }

    /// <summary>A short description, e.g. "tokens 14x14 after 1".</summary>
    public string Describe() => Kind switch
    {
        LayerLayoutKind.Tokens when Rows is not null => $"tokens {Rows}x{Columns}" + (Skip is { } s ? $" after {s}" : ""),
        _ => Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Layer shapes that may be explained as grids with <see cref="Auto"/> (conv maps, [N,H,W,C] and token grids) with the input's aspect.</summary>
    internal static bool HasGrid(IReadOnlyList<long> shape, int height, int width)
    {
        try
        {
            // Only grids with the input's aspect: a [1,16,2,16] slice of attention heads is not a feature map.
            return Auto.Resolve(shape, height, width, "") is { } l && l.Rows!.Value * (long)l.Columns!.Value > 1
                && AspectFits(l.Rows.Value, l.Columns.Value, height, width);
        }
        catch (ConvLensException)
        {
            return false;
        }
    }

    private static TokenLayout Infer4D(IReadOnlyList<long> shape, int height, int width)
    {
        // [N,C,H,W] unless only [N,H,W,C] has the input's aspect and the same stride on both axes (Swin's [1,7,7,768]).
        var nchw = StrideFits(shape[2], shape[3], height, width);
        var nhwc = StrideFits(shape[1], shape[2], height, width);
        return !nchw && nhwc
            ? new(LayerLayoutKind.Nhwc, (int)shape[1], (int)shape[2], 0)
            : new(LayerLayoutKind.Nchw, (int)shape[2], (int)shape[3], 0);
    }

    private static bool StrideFits(long rows, long columns, int height, int width) =>
        rows > 0 && columns > 0 && rows <= height && columns <= width && AspectFits(rows, columns, height, width);

    private static bool AspectFits(long rows, long columns, int height, int width) =>
        Math.Abs(Math.Log((double)rows / columns) - Math.Log((double)height / width)) <= s_aspectTolerance;

    private TokenLayout ResolveTokens(IReadOnlyList<long> shape, int height, int width, string layer)
    {
        var tokens = shape[1];
        if (Rows is { } r && Columns is { } c)
        {
            var skip = Skip ?? (int)(tokens - ((long)r * c));
            if (skip < 0 || skip + ((long)r * c) != tokens)
            {
                throw Mismatch(shape, height, width, layer, $"{tokens} tokens are not {skip} + {r}x{c}");
            }

            return new(LayerLayoutKind.Tokens, r, c, skip);
        }

        var skips = Skip is { } k ? [k] : Enumerable.Range(0, MaxInferredSkip + 1);
        foreach (var skip in skips)
        {
            if (Grid(tokens - skip, height, width) is { } grid)
            {
                return new(LayerLayoutKind.Tokens, grid.Rows, grid.Columns, skip);
            }
        }

        throw Mismatch(shape, height, width, layer, $"{tokens} tokens fit no grid with the input's {height}x{width} aspect after {(Skip is { } s ? s.ToString(CultureInfo.InvariantCulture) : $"0..{MaxInferredSkip}")} leading tokens");
    }

    private static (int Rows, int Columns)? Grid(long count, int height, int width)
    {
        if (count < 1)
        {
            return null;
        }

        (int, int)? best = null;
        var bestError = double.MaxValue;
        for (long rows = 1; rows <= count; rows++)
        {
            if (count % rows != 0)
            {
                continue;
            }

            var columns = count / rows;
            var error = Math.Abs(Math.Log((double)rows / columns) - Math.Log((double)height / width));
            if (error <= s_aspectTolerance && error < bestError && rows <= height && columns <= width)
            {
                (best, bestError) = (((int)rows, (int)columns), error);
            }
        }

        return best;
    }

    private static ConvLensException Mismatch(IReadOnlyList<long> shape, int height, int width, string layer, string why) =>
        new($"layer '{layer}' outputs [{string.Join(",", shape)}] on a {height}x{width} input, and {why}; accepted are [N,C,H,W], "
            + "[N,H,W,C] and tokens [N,K+H*W,C] whose H x W grid has the input's aspect (e.g. 197 = 1 + 14x14); "
            + "give the layout explicitly (a grid HxW[:skip=K], or nchw, nhwc, tokens)");

    private static bool TryPositive(string s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
