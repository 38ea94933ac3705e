using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ConvLens.Tests.Cli;

/// <summary>
/// `convlens serve` as a person runs it: a real process that prints its URL, serves, and stops cleanly on Ctrl+C
/// (SIGINT) with a job still running, leaving no temporary folder behind.
/// </summary>
public sealed partial class ServeCommandProcessTests
{
    [Fact]
    public async Task Should_print_the_url_serve_and_stop_on_ctrl_c_cancelling_a_running_job_and_removing_its_files()
    {
        using var server = ServeProcess.Start("serve", "--port", "0");
        var url = await server.Url();
        Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", server.Output, StringComparison.OrdinalIgnoreCase);
        var work = Assert.Single(Directory.GetDirectories(Path.GetTempPath(), $"convlens-serve-{server.Id}-*"));

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        Assert.Equal("ok", (await http.GetFromJsonAsync<JsonObject>("/api/health"))!["status"]!.GetValue<string>());
        var job = new { kind = "maximize", model = "resnet18-featurizer", options = new { layer = "stage1", channels = new[] { 0 }, steps = 100_000, size = 64, upsample = 0 } };
        using var response = await http.PostAsJsonAsync("/api/jobs", job);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        var id = JsonNode.Parse(body)!["id"]!.GetValue<string>();
        await WaitUntilRunning(http, id);
        await ConvLens.Tests.Web.ExplorerApi.UploadId(http, ConvLens.Imaging.ImageEncoder.EncodePng(ConvLens.Tests.Support.TestImages.Noise(32, 32)));
        Assert.NotEmpty(Directory.GetFileSystemEntries(Path.Combine(work, "images")));

        var exit = await server.Interrupt();

        Assert.Equal(0, exit);
        Assert.Contains("stopped: jobs cancelled, temporary files removed", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("did not stop", server.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(work), $"{work} is left behind");
    }

    [Fact]
    public async Task Should_warn_that_other_machines_can_reach_it_When_the_host_is_not_loopback()
    {
        using var server = ServeProcess.Start("serve", "--host", "0.0.0.0", "--port", "0");
        var url = await server.Url();

        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", url);
        Assert.Contains("warning: listening on 0.0.0.0: other machines can reach this server", server.Output, StringComparison.Ordinal);
        Assert.Equal(0, await server.Interrupt());
    }

    private static async Task WaitUntilRunning(HttpClient http, string id)
    {
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromMinutes(2); await Task.Delay(100))
        {
            var state = (await http.GetFromJsonAsync<JsonObject>($"/api/jobs/{id}"))!["state"]!.GetValue<string>();
            if (state == "running")
            {
                return;
            }

            Assert.True(state == "queued", $"job {id} is {state}, expected it to run");
        }

        throw new TimeoutException($"job {id} did not start in 2 minutes");
    }

    /// <summary>The built CLI in a child process, its output collected as it comes.</summary>
    private sealed partial class ServeProcess : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();
        private readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private ServeProcess(Process process) => _process = process;

        public int Id => _process.Id;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static ServeProcess Start(params string[] arguments)
        {
            var cli = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "ConvLens.Cli.exe" : "ConvLens.Cli");
            var start = new ProcessStartInfo(cli, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["NO_COLOR"] = "1";
            var server = new ServeProcess(new Process { StartInfo = start });
            server._process.OutputDataReceived += (_, e) => server.Received(e.Data);
            server._process.ErrorDataReceived += (_, e) => server.Received(e.Data);
            server._process.Start();
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            return server;
        }

        public async Task<string> Url()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                return await _url.Task.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"convlens serve printed no URL in 2 minutes:\n{Output}");
            }
        }

        /// <summary>Sends SIGINT, what Ctrl+C in a terminal sends, and returns the exit code.</summary>
        public async Task<int> Interrupt()
        {
            using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"convlens serve did not stop within 60 s of SIGINT:\n{Output}");
            }

            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }

        private void Received(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }

            if (UrlLine().Match(line) is { Success: true } match)
            {
                _url.TrySetResult(match.Groups[1].Value);
            }
        }

        [GeneratedRegex(@"ConvLens explorer at (http://\S+)")]
        private static partial Regex UrlLine();
    }
}
