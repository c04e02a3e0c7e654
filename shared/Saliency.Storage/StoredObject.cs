namespace Saliency.Storage;

/// <summary>A complete object in a store: its key and size in bytes.</summary>
public sealed record StoredObject(string Key, long Size);
