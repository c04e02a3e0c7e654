using System.Net.Sockets;
using Saliency.TestFixtures;

namespace Saliency.Cli.Tests;

/// <summary><c>saliency data push/pull --storage</c> in-process, on a folder store and on the test Azurite.</summary>
public sealed class DataTransferCommandTests
{
    /// <summary>Azurite's published development account (not a secret); blob service of scripts/services/azurite.sh.</summary>
    private const string AzuriteConnection =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    [Fact]
    public void Push_then_pull_through_a_folder_store_copies_every_file()
    {
        using var dir = new TempDir();
        var source = MakeFolder(dir);
        var storage = dir.File("store");

        var (pushCode, pushOut, _) = Run("data", "push", source, "--name", "sample-a", "--storage", storage);
        Assert.Equal(0, pushCode);
        Assert.Contains("pushed 3 files (", pushOut, StringComparison.Ordinal);

        var (pullCode, _, _) = Run("data", "pull", "sample-a", "--to", dir.File("copy"), "--storage", storage);
        Assert.Equal(0, pullCode);
        AssertSameFiles(source, dir.File("copy"));
    }

    [Fact]
    public void Pulling_an_unknown_data_set_is_a_user_error()
    {
        using var dir = new TempDir();
        var (code, _, err) = Run("data", "pull", "nothing", "--to", dir.File("copy"), "--storage", dir.File("store"));
        Assert.Equal(2, code);
        Assert.Contains("error: name: no complete data set 'nothing'", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("copy")));
    }

    [Fact]
    public void Push_then_pull_through_azure_blob_storage_on_azurite()
    {
        Assert.True(AzuriteListening(), "No Azurite on 127.0.0.1:10000: run scripts/services/azurite.sh (scripts/test does)");
        using var dir = new TempDir();
        var source = MakeFolder(dir);
        var container = "cli" + Guid.NewGuid().ToString("N")[..12];
        var previous = Environment.GetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING");
        Environment.SetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING", AzuriteConnection);
        try
        {
            var (pushCode, pushOut, pushErr) = Run("data", "push", source, "--name", "sample-b", "--storage", $"azure://{container}/team");
            Assert.True(pushCode == 0, pushErr);
            Assert.Contains($"/{container}/team/", pushOut, StringComparison.Ordinal);
            Assert.DoesNotContain("AccountKey", pushOut, StringComparison.Ordinal);

            var (pullCode, _, pullErr) = Run("data", "pull", "sample-b", "--to", dir.File("copy"), "--storage", $"azure://{container}/team");
            Assert.True(pullCode == 0, pullErr);
            AssertSameFiles(source, dir.File("copy"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING", previous);
        }
    }

    private static string MakeFolder(TempDir dir)
    {
        var source = dir.File("sample");
        Directory.CreateDirectory(Path.Combine(source, "images"));
        File.WriteAllText(Path.Combine(source, "train.csv"), "ImageId,ClassId,EncodedPixels\na.jpg,1,1 3\n");
        File.WriteAllBytes(Path.Combine(source, "images", "a.bin"), [1, 2, 3, 4, 5]);
        File.WriteAllBytes(Path.Combine(source, "images", "b.bin"), new byte[70_000]);
        return source;
    }

    private static void AssertSameFiles(string expected, string actual)
    {
        static List<string> Files(string root) =>
            [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)];
        Assert.Equal(Files(expected), Files(actual));
        foreach (var file in Files(expected))
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(expected, file)), File.ReadAllBytes(Path.Combine(actual, file)));
        }
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    private static bool AzuriteListening()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", 10000);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
