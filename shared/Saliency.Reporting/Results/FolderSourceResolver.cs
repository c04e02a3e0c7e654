using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;

namespace Saliency.Reporting.Results;

/// <summary>Accepts an existing folder that holds a <c>rows.csv</c>.</summary>
public sealed class FolderSourceResolver : IResultsSourceResolver
{
    public string Accepts => $"a results folder (with {RowsCsv.FileName})";

    public string? TryResolve(string source) =>
        Directory.Exists(source) && File.Exists(Path.Combine(source, RowsCsv.FileName)) ? Path.GetFullPath(source) : null;
}
