using ConvLens.Models.Onnx;

namespace ConvLens.Tests.Models.Onnx;

/// <summary>
/// Which libonnx-testdata cases the importer claims (every node op resolves in the registry at the model's
/// opset), and the explicit list of claimed cases that are skipped, each with its reason.
/// </summary>
internal static class OnnxConformanceCases
{
    /// <summary>Debian's install location; CONVLENS_ONNX_TESTDATA overrides it (e.g. to check the skip path).</summary>
    public static string Root { get; } = Environment.GetEnvironmentVariable("CONVLENS_ONNX_TESTDATA") ?? "/usr/share/libonnx-testdata/data";

    private static readonly string[] Suites = ["node", "pytorch-converted", "pytorch-operator", "simple"];

    /// <summary>Claimed cases that cannot match by design or are outside CNN scope.</summary>
    public static IReadOnlyDictionary<string, string> SkipList { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["node/test_training_dropout"] = "training-mode Dropout draws random masks; inference-only importer",
        ["node/test_training_dropout_default"] = "training-mode Dropout draws random masks; inference-only importer",
        ["node/test_training_dropout_default_mask"] = "training-mode Dropout draws random masks; inference-only importer",
        ["node/test_training_dropout_mask"] = "training-mode Dropout draws random masks; inference-only importer",
        ["node/test_batchnorm_epsilon_training_mode"] = "BatchNormalization training_mode=1 is rejected (inference only)",
        ["node/test_batchnorm_example_training_mode"] = "BatchNormalization training_mode=1 is rejected (inference only)",
        ["node/test_maxpool_with_argmax_2d_precomputed_pads"] = "MaxPool Indices output is not supported",
        ["node/test_maxpool_with_argmax_2d_precomputed_strides"] = "MaxPool Indices output (storage_order 1) is not supported",
        ["node/test_resize_tf_crop_and_resize"] = "tf_crop_and_resize (roi crop with extrapolation) is not supported",
        ["node/test_cast_FLOAT_to_BFLOAT16"] = "ONNX 1.12 expects bfloat16 truncation; libtorch rounds to nearest even",
        ["node/test_cast_BFLOAT16_to_FLOAT"] = "bfloat16 test data bit patterns (see test_cast_FLOAT_to_BFLOAT16)",
        ["node/test_castlike_FLOAT_to_BFLOAT16_expanded"] = "ONNX 1.12 expects bfloat16 truncation; libtorch rounds to nearest even",
        ["node/test_castlike_BFLOAT16_to_FLOAT_expanded"] = "bfloat16 test data bit patterns",
        ["node/test_castlike_FLOAT_to_BFLOAT16"] = "ONNX 1.12 expects bfloat16 truncation; libtorch rounds to nearest even",
        ["node/test_castlike_BFLOAT16_to_FLOAT"] = "bfloat16 test data bit patterns",
        ["node/test_cast_FLOAT_to_STRING"] = "string tensors are not supported",
        ["node/test_cast_STRING_to_FLOAT"] = "string tensors are not supported",
        ["node/test_castlike_FLOAT_to_STRING"] = "string tensors are not supported",
        ["node/test_castlike_STRING_to_FLOAT"] = "string tensors are not supported",
        ["node/test_castlike_FLOAT_to_STRING_expanded"] = "string tensors are not supported",
        ["node/test_castlike_STRING_to_FLOAT_expanded"] = "string tensors are not supported",
        ["node/test_max_uint16"] = "libtorch has no uint16 tensors",
        ["node/test_max_uint32"] = "libtorch has no uint32 tensors",
        ["node/test_max_uint64"] = "libtorch has no uint64 tensors",
        ["node/test_min_uint16"] = "libtorch has no uint16 tensors",
        ["node/test_min_uint32"] = "libtorch has no uint32 tensors",
        ["node/test_min_uint64"] = "libtorch has no uint64 tensors",
        ["node/test_mod_uint16"] = "libtorch has no uint16 tensors",
        ["node/test_mod_uint32"] = "libtorch has no uint32 tensors",
        ["node/test_mod_uint64"] = "libtorch has no uint64 tensors",
        ["node/test_pow_types_float32_uint32"] = "libtorch has no uint32 tensors",
        ["node/test_pow_types_float32_uint64"] = "libtorch has no uint64 tensors",
        ["node/test_identity_opt"] = "optional types are not supported",
        ["node/test_identity_sequence"] = "sequence types are not supported",
        ["node/test_if_opt"] = "optional types are not supported (the branches build an Optional)",
        ["node/test_if_seq"] = "sequence types are not supported (the branches build a sequence)",
    };

    public static string? SkipReason(string name) => SkipList.GetValueOrDefault(name);

    /// <summary>(case "suite/test_name", its op types joined by '+') for every claimed case.</summary>
    public static IEnumerable<object[]> Claimed()
    {
        if (!Directory.Exists(Root))
        {
            yield return ["(libonnx-testdata missing)", ""];
            yield break;
        }

        foreach (var suite in Suites)
        {
            var dir = Path.Combine(Root, suite);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (var test in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
            {
                var ops = ClaimedOps(Path.Combine(test, "model.onnx"));
                if (ops is not null)
                {
                    yield return [$"{suite}/{Path.GetFileName(test)}", ops];
                }
            }
        }
    }

    /// <summary>The model's op types joined by '+', or null when a node is not claimed (or the file unreadable).</summary>
    private static string? ClaimedOps(string modelPath)
    {
        if (!File.Exists(modelPath) || !Directory.Exists(Path.Combine(Path.GetDirectoryName(modelPath)!, "test_data_set_0")))
        {
            return null;
        }

        try
        {
            var model = OnnxModelLoader.ReadModel(modelPath);
            var opset = (int)(model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")?.Version ?? 1);
            var nodes = model.Graph.Node;
            return nodes.All(n => n.Domain is "" or "ai.onnx" && OpRegistry.Resolve(n.OpType, opset) is not null)
                ? string.Join("+", nodes.Select(n => n.OpType).Distinct().Order(StringComparer.Ordinal))
                : null;
        }
        catch (OnnxImportException)
        {
            return null;
        }
    }
}
