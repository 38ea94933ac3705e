using ConvLens.Models;
using ConvLens.Models.Onnx;

namespace ConvLens.Tests.Fixtures;

/// <summary>
/// Narrow transformer-shaped ONNX graphs written with the protobuf builder: a ViT (patch embedding, class token,
/// two pre-norm blocks, the class token read after the final norm) and a Swin (an [N,H,W,C] stage, patch merging,
/// one window-attention block, the final norm average-pooled), both on 32x32 inputs with random weights.
/// </summary>
internal static class TransformerModels
{
    public const int Size = 32;
    public const int Classes = 5;

    /// <summary>ViT: 8x8 patches on a 4x4 grid, width 24, tokens [N,1+16,24].</summary>
    public static OnnxModelBuilder Vit(int seed = 1)
    {
        const int c = 24;
        var rng = new Random(seed);
        var b = new OnnxModelBuilder(17).Input("x", null, 3, Size, Size).Output("logits");
        b.Initializer("pw", Random(rng, c * 3 * 8 * 8, 0.1f), c, 3, 8, 8).Initializer("pb", Random(rng, c, 0.1f), c)
            .Node("Conv", ["x", "pw", "pb"], ["patch"], ("kernel_shape", new long[] { 8, 8 }), ("strides", new long[] { 8, 8 }))
            .Int64Initializer("flat_shape", [0, c, -1], 3)
            .Node("Reshape", ["patch", "flat_shape"], ["flat"])
            .Node("Transpose", ["flat"], ["tokens"], ("perm", new long[] { 0, 2, 1 }));
        ClassToken(b, rng, "tokens", "seq", c);
        b.Initializer("pos", Random(rng, 17 * c, 0.1f), 1, 17, c).Node("Add", ["seq", "pos"], ["x0"]);
        var x = "x0";
        for (var i = 0; i < 2; i++)
        {
            x = Block(b, rng, x, $"b{i}", c, null);
        }

        Norm(b, rng, x, "final_ln", c);
        b.Int64Initializer("cls_index", [0]).Node("Gather", ["final_ln", "cls_index"], ["cls_out"], ("axis", 1L))
            .Initializer("head", Random(rng, c * Classes, 0.5f), c, Classes).Node("MatMul", ["cls_out", "head"], ["logits"]);
        return b;
    }

    /// <summary>Swin: 4x4 patches, an [N,8,8,12] stage, 2x2 patch merging to [N,4,4,24], one attention block over the 4x4 window.</summary>
    public static OnnxModelBuilder Swin(int seed = 2)
    {
        var rng = new Random(seed);
        var b = new OnnxModelBuilder(17).Input("x", null, 3, Size, Size).Output("logits");
        b.Initializer("pw", Random(rng, 12 * 3 * 4 * 4, 0.2f), 12, 3, 4, 4).Initializer("pb", Random(rng, 12, 0.1f), 12)
            .Node("Conv", ["x", "pw", "pb"], ["patch"], ("kernel_shape", new long[] { 4, 4 }), ("strides", new long[] { 4, 4 }))
            .Node("Transpose", ["patch"], ["nhwc"], ("perm", new long[] { 0, 2, 3, 1 }));
        Norm(b, rng, "nhwc", "s0_norm", 12);
        b.Int64Initializer("split_shape", [0, 4, 2, 4, 2, 12], 6).Node("Reshape", ["s0_norm", "split_shape"], ["split"])
            .Node("Transpose", ["split"], ["split_t"], ("perm", new long[] { 0, 1, 3, 2, 4, 5 }))
            .Int64Initializer("merged_shape", [0, 4, 4, 48], 4).Node("Reshape", ["split_t", "merged_shape"], ["merged"]);
        Norm(b, rng, "merged", "s1_merge_norm", 48);
        b.Initializer("reduce", Random(rng, 48 * 24, 0.2f), 48, 24).Node("MatMul", ["s1_merge_norm", "reduce"], ["s1_in"]);
        var x = Block(b, rng, "s1_in", "s1", 24, (16, [0, 4, 4, 24]));
        Norm(b, rng, x, "final_norm", 24);
        b.Node("ReduceMean", ["final_norm"], ["pooled"], ("axes", new long[] { 1, 2 }), ("keepdims", 0L))
            .Initializer("head", Random(rng, 24 * Classes, 0.5f), 24, Classes).Node("MatMul", ["pooled", "head"], ["logits"]);
        return b;
    }

    /// <summary>
    /// A token model weighted by hand, on 16x16 inputs: 4x4 patches whose token channel 0 is the patch's mean red and
    /// channel 1 its mean green, a zero class token in front ([N,1+16,2] at <c>seq</c>), and logits = the mean over
    /// tokens, so class 0 is driven only by red patches and class 1 only by green ones. With <paramref name="nhwc"/>,
    /// <c>seq</c> is the patch grid as [N,4,4,2] (Swin's layout) instead.
    /// </summary>
    public static OnnxModelBuilder HandWeightedTokens(bool nhwc = false)
    {
        var w = new float[2 * 3 * 4 * 4];
        for (var i = 0; i < 16; i++)
        {
            w[i] = 1f / 16; // channel 0, red plane
            w[(3 * 16) + 16 + i] = 1f / 16; // channel 1, green plane
        }

        var b = new OnnxModelBuilder(13).Input("x", null, 3, 16, 16).Output("logits");
        b.Initializer("pw", w, 2, 3, 4, 4)
            .Node("Conv", ["x", "pw"], ["patch"], ("kernel_shape", new long[] { 4, 4 }), ("strides", new long[] { 4, 4 }))
            .Int64Initializer("flat_shape", [0, 2, -1], 3).Node("Reshape", ["patch", "flat_shape"], ["flat"])
            .Node("Transpose", ["flat"], ["tokens"], ("perm", new long[] { 0, 2, 1 }));
        if (nhwc)
        {
            return b.Node("Transpose", ["patch"], ["seq"], ("perm", new long[] { 0, 2, 3, 1 }))
                .Node("ReduceMean", ["seq"], ["logits"], ("axes", new long[] { 1, 2 }), ("keepdims", 0L));
        }

        b.Initializer("cls", [0f, 0f], 1, 1, 2);
        CatClassToken(b, "tokens", "cls", "seq");
        b.Node("ReduceMean", ["seq"], ["logits"], ("axes", new long[] { 1 }), ("keepdims", 0L));
        return b;
    }

    /// <summary>Loads a builder's model with identity preprocessing at its declared size.</summary>
    public static OnnxModel Load(OnnxModelBuilder builder, string folder, string name, int size = Size) =>
        OnnxModelLoader.Load(builder.Save(folder, name), preprocessing: new Preprocessing { Height = size, Width = size });

    private static void ClassToken(OnnxModelBuilder b, Random rng, string tokens, string output, int c)
    {
        b.Initializer("cls", Random(rng, c, 0.1f), 1, 1, c);
        CatClassToken(b, tokens, "cls", output);
    }

    // The class token for any batch size: a zeroed slice of the first patch token plus the learned token, then concatenated in front.
    private static void CatClassToken(OnnxModelBuilder b, string tokens, string cls, string output) =>
        b.Int64Initializer("first_start", [0], 1).Int64Initializer("first_end", [1], 1).Int64Initializer("first_axis", [1], 1)
            .Node("Slice", [tokens, "first_start", "first_end", "first_axis"], ["first"])
            .Initializer("zero", [0f], 1).Node("Mul", ["first", "zero"], ["first_zero"])
            .Node("Add", ["first_zero", cls], ["cls_token"])
            .Node("Concat", ["cls_token", tokens], [output], ("axis", 1L));

    private static void Norm(OnnxModelBuilder b, Random rng, string input, string output, int c) =>
        b.Initializer($"{output}_g", [.. Random(rng, c, 0.2f).Select(v => 1 + v)], c).Initializer($"{output}_b", Random(rng, c, 0.1f), c)
            .Node("LayerNormalization", [input, $"{output}_g", $"{output}_b"], [output], ("axis", -1L), ("epsilon", 1e-5f));

    /// <summary>A pre-norm block: x + attn(ln1(x)), then + mlp(ln2(.)); a window block reshapes [N,H,W,C] to tokens and back.</summary>
    private static string Block(OnnxModelBuilder b, Random rng, string x, string p, int c, (int Tokens, long[] Back)? window)
    {
        Norm(b, rng, x, $"{p}_ln1", c);
        var seq = $"{p}_ln1";
        if (window is { } win)
        {
            b.Int64Initializer($"{p}_win_shape", [0, win.Tokens, c], 3).Node("Reshape", [$"{p}_ln1", $"{p}_win_shape"], [$"{p}_win"]);
            seq = $"{p}_win";
        }

        foreach (var m in new[] { "q", "k", "v", "o" })
        {
            b.Initializer($"{p}_w{m}", Random(rng, c * c, 0.3f), c, c);
        }

        b.Node("MatMul", [seq, $"{p}_wq"], [$"{p}_q"]).Node("MatMul", [seq, $"{p}_wk"], [$"{p}_k"]).Node("MatMul", [seq, $"{p}_wv"], [$"{p}_v"])
            .Node("Transpose", [$"{p}_k"], [$"{p}_kt"], ("perm", new long[] { 0, 2, 1 }))
            .Node("MatMul", [$"{p}_q", $"{p}_kt"], [$"{p}_s"])
            .Initializer($"{p}_scale", [1f / MathF.Sqrt(c)], 1).Node("Mul", [$"{p}_s", $"{p}_scale"], [$"{p}_s2"])
            .Node("Softmax", [$"{p}_s2"], [$"{p}_p"], ("axis", -1L))
            .Node("MatMul", [$"{p}_p", $"{p}_v"], [$"{p}_av"]).Node("MatMul", [$"{p}_av", $"{p}_wo"], [$"{p}_o"]);
        var attn = $"{p}_o";
        if (window is { } back)
        {
            b.Int64Initializer($"{p}_back_shape", back.Back, back.Back.Length).Node("Reshape", [$"{p}_o", $"{p}_back_shape"], [$"{p}_o_grid"]);
            attn = $"{p}_o_grid";
        }

        b.Node("Add", [x, attn], [$"{p}_res1"]);
        Norm(b, rng, $"{p}_res1", $"{p}_ln2", c);
        b.Initializer($"{p}_w1", Random(rng, c * 2 * c, 0.3f), c, 2 * c).Initializer($"{p}_w2", Random(rng, 2 * c * c, 0.3f), 2 * c, c)
            .Node("MatMul", [$"{p}_ln2", $"{p}_w1"], [$"{p}_h"]).Node("Relu", [$"{p}_h"], [$"{p}_hr"])
            .Node("MatMul", [$"{p}_hr", $"{p}_w2"], [$"{p}_m"]).Node("Add", [$"{p}_res1", $"{p}_m"], [$"{p}_out"]);
        return $"{p}_out";
    }

    private static float[] Random(Random rng, int n, float scale) =>
        [.. Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1) * scale)];
}
