using ConvLens.Cli.Console;

namespace ConvLens.Tests.Cli;

public class VersionTests
{
    [Fact]
    public void Should_print_the_tool_version_and_exit_0()
    {
        var result = CliRunner.Run("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(CliApp.Version, result.Output.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", CliApp.Version);
    }
}
