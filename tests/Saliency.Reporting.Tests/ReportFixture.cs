using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;
using Saliency.TestFixtures;

namespace Saliency.Reporting.Tests;

/// <summary>One real results folder (8 NEU-Seg test patches, 3 with maps) and its report, shared by the report tests.</summary>
public sealed class ReportFixture : IDisposable
{
    private readonly TempDir _temp = new();

    public ReportFixture()
    {
        ResultsDir = Path.Combine(_temp.Path, "results");
        Directory.CreateDirectory(ResultsDir);
        RealResultsFolder.Write(ResultsDir, count: 8, mapSamples: 3);
        ReportDir = Path.Combine(_temp.Path, "report");
        Output = ReportWriter.Write(ResultsFolder.Open(ResultsDir), ReportDir);
    }

    public string ResultsDir { get; }

    public string ReportDir { get; }

    public ReportOutput Output { get; }

    public string File(string name) => Path.Combine(ReportDir, name);

    public void Dispose() => _temp.Dispose();
}
