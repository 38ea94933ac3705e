using ConvLens.Imaging;
using ConvLens.Tests.Support;

namespace ConvLens.Tests.Imaging;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Should_create_missing_folders_and_write_the_bytes()
    {
        var path = _folder.File(Path.Combine("a", "b", "out.bin"));

        AtomicFile.WriteAllBytes(path, [1, 2, 3]);

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Should_overwrite_and_leave_no_temp_file()
    {
        var path = _folder.File("report.html");
        AtomicFile.WriteAllText(path, "first, longer version");

        AtomicFile.WriteAllText(path, "second");

        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void Should_throw_and_leave_nothing_When_the_folder_path_is_a_file()
    {
        var blocker = _folder.File("blocker");
        File.WriteAllText(blocker, "I am a file, not a folder");

        var error = Assert.Throws<ConvLensException>(() => AtomicFile.WriteAllBytes(Path.Combine(blocker, "out.png"), [1]));

        Assert.Contains("out.png", error.Message, StringComparison.Ordinal);
        Assert.Equal([blocker], Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void Should_remove_the_temp_file_and_keep_the_old_target_When_the_move_fails()
    {
        // A directory at the target path makes the final move fail after the temp file was fully written.
        var target = _folder.File("out.gif");
        Directory.CreateDirectory(target);

        Assert.Throws<ConvLensException>(() => AtomicFile.WriteAllBytes(target, new byte[1000]));

        Assert.True(Directory.Exists(target));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }
}
