namespace ConvLens.Tests.Fixtures;

/// <summary>
/// A two-level SSD in the form tools/export_torchvision_onnx.py --raw-heads writes, weighted by hand on 32x32 inputs:
/// outputs boxes [N,80,4] (x1, y1, x2, y2, clipped to the image) and softmax scores [N,80,3] whose column 0 is the
/// background, as torchvision's SSD heads give them. Level 1 is <c>feat</c> [N,2,8,8] (mean red and green of each
/// 4x4 patch, <see cref="DetectorModels"/>) with a 4x4 anchor per cell; level 2 is <c>feat2</c>, its 2x2 max pool,
/// with an 8x8 anchor per cell. Class logits per cell: background 0.5, class 1 = 4 x red, class 2 = 4 x green. Box
/// deltas come from a zero-weight branch (<c>box_raw</c>, <c>box_raw2</c>) and are decoded as torchvision's BoxCoder
/// does (weights 10, 10, 5, 5), so every box is its anchor.
/// </summary>
internal static class SsdHeadsModel
{
    /// <summary>Anchors: 64 of level 1, then 16 of level 2.</summary>
    public const int Anchors = 80;

    public static OnnxModelBuilder Build()
    {
        var b = DetectorModels.Features(new OnnxModelBuilder(13).Input("x", null, 3, DetectorModels.Size, DetectorModels.Size).Output("boxes").Output("scores"))
            .Node("MaxPool", ["feat"], ["feat2"], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }))
            .Initializer("cls_w", [0, 0, 4, 0, 0, 4], 3, 2, 1, 1).Initializer("cls_b", [0.5f, 0, 0], 3)
            .Initializer("box_w", new float[4 * 2], 4, 2, 1, 1)
            .Int64Initializer("cls_shape", [0, 3, -1], 3).Int64Initializer("box_shape", [0, 4, -1], 3);
        foreach (var (level, suffix) in new[] { ("feat", ""), ("feat2", "2") })
        {
            b.Node("Conv", [level, "cls_w", "cls_b"], ["cls_raw" + suffix], ("kernel_shape", new long[] { 1, 1 }))
                .Node("Reshape", ["cls_raw" + suffix, "cls_shape"], ["cls_flat" + suffix])
                .Node("Transpose", ["cls_flat" + suffix], ["cls" + suffix], ("perm", new long[] { 0, 2, 1 }))
                .Node("Conv", [level, "box_w"], ["box_raw" + suffix], ("kernel_shape", new long[] { 1, 1 }))
                .Node("Reshape", ["box_raw" + suffix, "box_shape"], ["box_flat" + suffix])
                .Node("Transpose", ["box_flat" + suffix], ["deltas" + suffix], ("perm", new long[] { 0, 2, 1 }));
        }

        var (centres, sizes) = AnchorGrid();
        return b.Node("Concat", ["cls", "cls2"], ["logits"], ("axis", 1L)).Node("Softmax", ["logits"], ["scores"], ("axis", -1L))
            .Node("Concat", ["deltas", "deltas2"], ["deltas_all"], ("axis", 1L))
            .Node("Slice", ["deltas_all", "xy_at_s", "xy_at_e", "axis2"], ["dxy"])
            .Node("Slice", ["deltas_all", "wh_at_s", "wh_at_e", "axis2"], ["dwh"])
            .Int64Initializer("xy_at_s", [0], 1).Int64Initializer("xy_at_e", [2], 1).Int64Initializer("wh_at_s", [2], 1).Int64Initializer("wh_at_e", [4], 1)
            .Int64Initializer("axis2", [2], 1)
            .Initializer("anchor_ctr", centres, 1, Anchors, 2).Initializer("anchor_wh", sizes, 1, Anchors, 2)
            .Initializer("anchor_wh_10", [.. sizes.Select(s => s / 10)], 1, Anchors, 2).Initializer("fifth", [0.2f]).Initializer("half", [0.5f])
            .Node("Mul", ["dxy", "anchor_wh_10"], ["dxy_px"]).Node("Add", ["dxy_px", "anchor_ctr"], ["ctr"])
            .Node("Mul", ["dwh", "fifth"], ["dwh_scaled"]).Node("Exp", ["dwh_scaled"], ["wh_gain"]).Node("Mul", ["wh_gain", "anchor_wh"], ["wh"])
            .Node("Mul", ["wh", "half"], ["half_wh"]).Node("Sub", ["ctr", "half_wh"], ["lo"]).Node("Add", ["ctr", "half_wh"], ["hi"])
            .Node("Concat", ["lo", "hi"], ["corners"], ("axis", 2L))
            .Initializer("zero", [0f]).Initializer("side", [DetectorModels.Size])
            .Node("Clip", ["corners", "zero", "side"], ["boxes"]);
    }

    // Level 1: 4x4 anchors at stride 4; level 2: 8x8 anchors at stride 8; row by row, as torchvision flattens them.
    private static (float[] Centres, float[] Sizes) AnchorGrid()
    {
        var centres = new List<float>();
        var sizes = new List<float>();
        foreach (var (cells, stride) in new[] { (8, 4), (4, 8) })
        {
            for (var r = 0; r < cells; r++)
            {
                for (var c = 0; c < cells; c++)
                {
                    centres.AddRange([(stride * c) + (stride / 2f), (stride * r) + (stride / 2f)]);
                    sizes.AddRange([stride, stride]);
                }
            }
        }

        return ([.. centres], [.. sizes]);
    }
}
