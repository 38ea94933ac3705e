namespace ConvLens.Tests.Fixtures;

/// <summary>
/// Detector- and segmenter-shaped ONNX graphs weighted by hand, on 32x32 inputs: <c>feat</c> [N,2,8,8] holds the
/// mean red (channel 0) and green (channel 1) of each 4x4 patch; every cell predicts one box, the 4x4 square
/// centred on the cell, whose class 0 score is the cell's red and class 1 score its green.
/// </summary>
internal static class DetectorModels
{
    public const int Size = 32;

    /// <summary>YOLO style: [N,64,4+1+2] (cx, cy, w, h, objectness = red + green, class scores), or YOLOv8's [N,4+2,64] without objectness.</summary>
    public static OnnxModelBuilder Yolo(bool attributesFirst)
    {
        var rows = attributesFirst ? 6 : 7;
        var b = Features(new OnnxModelBuilder(13).Input("x", null, 3, Size, Size).Output(attributesFirst ? "attrs" : "yolo"));
        var w = new float[rows * 2];
        var classRow = attributesFirst ? 4 : 5;
        if (!attributesFirst)
        {
            (w[8], w[9]) = (1, 1); // objectness row 4
        }

        (w[classRow * 2], w[(classRow + 1) * 2 + 1]) = (1, 1);
        b.Initializer("hw", w, rows, 2, 1, 1).Node("Conv", ["feat", "hw"], ["head_raw"], ("kernel_shape", new long[] { 1, 1 }))
            .Initializer("grid", Grid(rows, centre: true), 1, rows, 8, 8).Node("Add", ["head_raw", "grid"], ["head"])
            .Int64Initializer("attr_shape", [0, rows, -1], 3).Node("Reshape", ["head", "attr_shape"], ["attrs"]);
        if (!attributesFirst)
        {
            b.Node("Transpose", ["attrs"], ["yolo"], ("perm", new long[] { 0, 2, 1 }));
        }

        return b;
    }

    /// <summary>
    /// YOLOv8-seg style: [N,4+2+2,64], the two class rows of <see cref="Yolo"/> followed by two mask-coefficient rows
    /// (as a segmentation head appends 32), constant 50 so that, read as classes, they outscore every real one.
    /// </summary>
    public static OnnxModelBuilder YoloWithMaskCoefficients()
    {
        var b = Features(new OnnxModelBuilder(13).Input("x", null, 3, Size, Size).Output("attrs"));
        var w = new float[8 * 2];
        (w[8], w[11]) = (1, 1); // rows 4 and 5: red and green
        var grid = Grid(8, centre: true);
        Array.Fill(grid, 50f, 6 * 64, 2 * 64);
        return b.Initializer("hw", w, 8, 2, 1, 1).Node("Conv", ["feat", "hw"], ["head_raw"], ("kernel_shape", new long[] { 1, 1 }))
            .Initializer("grid", grid, 1, 8, 8, 8).Node("Add", ["head_raw", "grid"], ["head"])
            .Int64Initializer("attr_shape", [0, 8, -1], 3).Node("Reshape", ["head", "attr_shape"], ["attrs"]);
    }

    /// <summary>
    /// YOLOv8 style over two levels: one output [N,6,80], the 64 boxes of <c>feat</c>'s 8x8 grid then the 16 of a 2x2
    /// max pool's 4x4 grid (<c>pool2</c>), each level with its own 1x1 head; random positive head weights.
    /// </summary>
    public static OnnxModelBuilder YoloTwoLevels()
    {
        var b = Features(new OnnxModelBuilder(13).Input("x", null, 3, Size, Size).Output("attrs"));
        var random = new Random(3);
        float[] Weights() => [.. Enumerable.Range(0, 6 * 2).Select(_ => (float)random.NextDouble())];
        return b.Initializer("h1w", Weights(), 6, 2, 1, 1).Node("Conv", ["feat", "h1w"], ["head1"], ("kernel_shape", new long[] { 1, 1 }))
            .Node("MaxPool", ["feat"], ["pool2"], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }))
            .Initializer("h2w", Weights(), 6, 2, 1, 1).Node("Conv", ["pool2", "h2w"], ["head2"], ("kernel_shape", new long[] { 1, 1 }))
            .Int64Initializer("attr_shape", [0, 6, -1], 3)
            .Node("Reshape", ["head1", "attr_shape"], ["attrs1"]).Node("Reshape", ["head2", "attr_shape"], ["attrs2"])
            .Node("Concat", ["attrs1", "attrs2"], ["attrs"], ("axis", 2L));
    }

    /// <summary>SSD / RetinaNet style: outputs scores [N,64,2] and boxes [N,64,4] (x1, y1, x2, y2).</summary>
    public static OnnxModelBuilder Ssd()
    {
        var b = Features(new OnnxModelBuilder(13).Input("x", null, 3, Size, Size).Output("scores").Output("boxes"));
        b.Int64Initializer("flat_shape", [0, 2, -1], 3).Node("Reshape", ["feat", "flat_shape"], ["cls_flat"])
            .Node("Transpose", ["cls_flat"], ["scores"], ("perm", new long[] { 0, 2, 1 }))
            .Initializer("bw", new float[4 * 2], 4, 2, 1, 1).Node("Conv", ["feat", "bw"], ["box_raw"], ("kernel_shape", new long[] { 1, 1 }))
            .Initializer("corners", Grid(4, centre: false), 1, 4, 8, 8).Node("Add", ["box_raw", "corners"], ["box_grid"])
            .Int64Initializer("box_shape", [0, 4, -1], 3).Node("Reshape", ["box_grid", "box_shape"], ["box_flat"])
            .Node("Transpose", ["box_flat"], ["boxes"], ("perm", new long[] { 0, 2, 1 }));
        return b;
    }

    /// <summary>DeepLab style: [N,3,8,8] logits, class 0 = red, class 1 = green, class 2 (background) = 0.1 everywhere.</summary>
    public static OnnxModelBuilder Segmenter()
    {
        var b = Features(new OnnxModelBuilder(13).Input("x", null, 3, Size, Size).Output("seg"));
        return b.Initializer("sw", [1, 0, 0, 1, 0, 0], 3, 2, 1, 1).Initializer("sb", [0, 0, 0.1f], 3)
            .Node("Conv", ["feat", "sw", "sb"], ["seg"], ("kernel_shape", new long[] { 1, 1 }));
    }

    internal static OnnxModelBuilder Features(OnnxModelBuilder b)
    {
        var w = new float[2 * 3 * 4 * 4];
        for (var i = 0; i < 16; i++)
        {
            w[i] = 1f / 16;
            w[(3 * 16) + 16 + i] = 1f / 16;
        }

        return b.Initializer("pw", w, 2, 3, 4, 4)
            .Node("Conv", ["x", "pw"], ["feat"], ("kernel_shape", new long[] { 4, 4 }), ("strides", new long[] { 4, 4 }));
    }

    // Per-cell box constants in channels 0..3: (cx, cy, w, h) or (x1, y1, x2, y2) of the cell's 4x4 square.
    private static float[] Grid(int rows, bool centre)
    {
        var g = new float[rows * 64];
        for (var r = 0; r < 8; r++)
        {
            for (var c = 0; c < 8; c++)
            {
                float[] box = centre ? [(4 * c) + 2, (4 * r) + 2, 4, 4] : [4 * c, 4 * r, (4 * c) + 4, (4 * r) + 4];
                for (var k = 0; k < 4; k++)
                {
                    g[(k * 64) + (r * 8) + c] = box[k];
                }
            }
        }

        return g;
    }
}
