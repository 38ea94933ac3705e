using System.Text.Json;

namespace ConvLens.Tests.Cli;

public class InspectCommandTests
{
    [Fact]
    public void Should_list_torchvision_layers_with_shapes_and_receptive_fields()
    {
        var result = CliRunner.Run("inspect", "torchvision:resnet18", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var layers = json.RootElement.GetProperty("layers").EnumerateArray().ToList();
        var layer4 = layers.Single(l => l.GetProperty("name").GetString() == "layer4");
        Assert.Equal(new long[] { 1, 512, 7, 7 }, layer4.GetProperty("outputShape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(435, layer4.GetProperty("receptiveField").GetInt32());
        Assert.Equal(32, layer4.GetProperty("stride").GetInt32());
        Assert.Equal("stage4", layer4.GetProperty("alias").GetString());
        Assert.Equal(11_689_512, layers.Sum(l => l.GetProperty("parameterCount").GetInt64()));
    }

    [Theory]
    [InlineData("torchvision:nope", "resnet18")]
    [InlineData("no-such-model", "accepted")]
    [InlineData("torchvision:resnet18:/no/such/weights.safetensors", "not found")]
    public void Should_fail_with_one_line_When_model_is_bad(string model, string expected)
    {
        var result = CliRunner.Run("inspect", model);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.SingleErrorLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_fail_with_usage_error_When_option_value_is_bad()
    {
        var result = CliRunner.Run("inspect", "torchvision:resnet18", "--size", "-3");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--size", result.SingleErrorLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_explain_options_in_help()
    {
        var result = CliRunner.Run("inspect", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--json", result.Output, StringComparison.Ordinal);
        Assert.Contains("torchvision:NAME", result.Output, StringComparison.Ordinal);
    }
}

public class InspectOnnxCommandTests
{
    [Fact]
    public void Should_list_the_builtin_model_with_aliases_and_receptive_fields()
    {
        var result = CliRunner.Run("inspect", "resnet18-featurizer", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        var layers = json.RootElement.GetProperty("layers").EnumerateArray().ToList();
        var stage3 = layers.Single(l => l.GetProperty("alias").GetString() == "stage3");
        Assert.Equal("ReLU347_Output_0", stage3.GetProperty("name").GetString());
        Assert.Equal(new long[] { 1, 256, 14, 14 }, stage3.GetProperty("outputShape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(16, stage3.GetProperty("stride").GetInt32());
        Assert.Equal(211, stage3.GetProperty("receptiveField").GetInt32());
    }

    [Fact]
    public void Should_fail_with_one_line_When_onnx_file_is_missing()
    {
        var result = CliRunner.Run("inspect", "/no/such/model.onnx");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/no/such/model.onnx", result.SingleErrorLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_fail_with_one_line_When_onnx_file_is_not_onnx()
    {
        var path = Path.Combine(Path.GetTempPath(), $"convlens-not-onnx-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "this is not a protobuf model");
        try
        {
            var result = CliRunner.Run("inspect", path);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains(Path.GetFileName(path), result.SingleErrorLine(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public class InspectConformanceModelTests
{
    [ConvLens.Tests.Models.Onnx.ConformanceTheory]
    [InlineData("pytorch-converted/test_Conv2d")]
    public void Should_describe_an_onnx_file_from_the_conformance_data(string name)
    {
        var path = Path.Combine(ConvLens.Tests.Models.Onnx.OnnxConformanceCases.Root, name, "model.onnx");

        var result = CliRunner.Run("inspect", path, "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        var conv = json.RootElement.GetProperty("layers").EnumerateArray().Single();
        Assert.Equal("Conv", conv.GetProperty("kind").GetString());
        Assert.Equal(76, conv.GetProperty("parameterCount").GetInt64());
        Assert.Equal(3, conv.GetProperty("receptiveField").GetInt32());
    }
}
